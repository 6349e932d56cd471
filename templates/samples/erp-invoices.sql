-- Rows an ERP leaves in its staging table for template 10 (bin/demo inserts them): two vendors' invoice 7001, one with
-- a number missing, which Ottimate refuses (the row gets the reason back).
INSERT INTO erp_invoices (ottimate_location_id, invoice_number, erp_vendor_id, invoice_date, due_date, total_amount, total_tax, currency, notes)
VALUES (10, 'ERP-7001', 'V-100', DATE '2026-11-04', DATE '2026-12-04', 1234.56, 0.10, 'USD', 'Crème fraîche, 12 × 1 L'),
       (10, 'ERP-7001', 'V-101', DATE '2026-11-05', NULL, 980.00, NULL, 'USD', NULL),
       (10, '', 'V-100', DATE '2026-11-05', NULL, 5.00, NULL, 'USD', 'no invoice number');
