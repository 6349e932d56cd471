-- The ERP staging schema templates 09 and 10 read and write (PostgreSQL; for another database keep the names and pick
-- its types: DECIMAL for money, DATE for days, a time zone aware timestamp for instants). bin/demo and the tests create it
-- in a throw-away database; for your own, run it once (psql -f erp-staging-schema.sql) or map the columns to your tables.

-- Template 09 writes these: one row per Ottimate invoice, one per line, keyed by Ottimate's ids (upserts).
CREATE TABLE IF NOT EXISTS invoices (
    id                     varchar(64)   PRIMARY KEY,   -- Ottimate's invoice id
    invoice_number         varchar(60)   NOT NULL,      -- repeats across vendors: never a key
    erp_vendor_id          varchar(100),
    ottimate_vendor_name   varchar(255),
    ottimate_location_id   integer,
    ottimate_location_name varchar(255),
    invoice_date           date,
    due_date               date,
    posting_date           date,
    total_amount           numeric(14, 2),
    total_tax              numeric(14, 2),
    outstanding_balance    numeric(14, 2),
    currency               char(3),
    type                   varchar(20),
    status                 varchar(40),
    payment_status         varchar(20),
    purchase_order         varchar(100),
    notes                  text,
    created_at_utc         timestamptz,
    approved_date_utc      timestamptz,
    last_modified_date_utc timestamptz,
    loaded_at              timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS invoice_lines (
    id                  varchar(64)    PRIMARY KEY,     -- Ottimate's line id
    ottimate_invoice_id varchar(64)    NOT NULL,        -- the invoice it belongs to
    name                varchar(255),
    sku                 varchar(100),
    uom                 varchar(40),
    quantity            numeric(14, 4),
    price               numeric(14, 4),
    is_taxed            boolean
);
CREATE INDEX IF NOT EXISTS invoice_lines_by_invoice ON invoice_lines (ottimate_invoice_id);

-- Template 10 reads new rows of this table (by erp_row_id) and writes each one's outcome back into it.
CREATE TABLE IF NOT EXISTS erp_invoices (
    erp_row_id             bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ottimate_location_id   integer        NOT NULL,
    invoice_number         varchar(60)    NOT NULL,
    erp_vendor_id          varchar(100),
    invoice_date           date           NOT NULL,
    due_date               date,
    total_amount           numeric(14, 2) NOT NULL,
    total_tax              numeric(14, 2),
    currency               char(3),
    notes                  text,
    ottimate_id            varchar(64),                 -- written back: the invoice Ottimate created
    ottimate_error_code    varchar(100),                -- written back: why Ottimate refused the row
    ottimate_error_message text
);
