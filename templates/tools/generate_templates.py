#!/usr/bin/env python3
"""Writes the flow definitions in templates/ (the JSON NiFi 2.x exports for a process group and imports by
dragging a Process Group onto the canvas and choosing Upload).

The templates are committed; this script is how they are kept consistent (identifiers, positions, the shared
connection service and parameter contexts). Run it from anywhere after changing a flow below:

    python3 templates/tools/generate_templates.py

TemplatesIT (verification/ottimate-runtime/ottimate-stateless-runner) runs every committed template in Apache NiFi's Stateless
engine against the emulator.
"""
import json
import pathlib
import uuid

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent
NAMESPACE = uuid.UUID("6f1c2a9e-0b1d-4c55-9a57-0771a7e1e000")
OTTIMATE_VERSION = "0.1.0-SNAPSHOT"

OTTIMATE_NAR = {"group": "com.ottimate.nifi", "artifact": "nifi-ottimate-nar", "version": OTTIMATE_VERSION}
# bundles of NiFi 2.8.0; on import NiFi (and the Stateless engine) picks the installed version when it differs
RECORD_NAR = {"group": "org.apache.nifi", "artifact": "nifi-record-serialization-services-nar", "version": "2.8.0"}
STANDARD_NAR = {"group": "org.apache.nifi", "artifact": "nifi-standard-nar", "version": "2.8.0"}
SERVICES_API_NAR = {"group": "org.apache.nifi", "artifact": "nifi-standard-services-api-nar", "version": "2.8.0"}
DBCP_NAR = {"group": "org.apache.nifi", "artifact": "nifi-dbcp-service-nar", "version": "2.8.0"}
# what the API sends, unchanged through JSON: days as days, UTC timestamps to the microsecond
EXACT_TIMES = {"Date Format": "yyyy-MM-dd", "Timestamp Format": "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX"}
# the parameters of a database template: where the ERP's staging schema is (templates/samples/erp-staging-schema.sql)
DATABASE_PARAMETERS = [
    ("erp.jdbc.url", False, "jdbc:postgresql://localhost:5432/erp", "JDBC URL of the ERP staging database (any JDBC database)"),
    ("erp.jdbc.driver.class", False, "org.postgresql.Driver", "JDBC driver class"),
    ("erp.jdbc.driver.location", False, "/opt/nifi/drivers/postgresql-jdbc.jar", "The driver's jar (a path or URL NiFi can read)"),
    ("erp.jdbc.user", False, "nifi", "Database user"),
    ("erp.jdbc.password", True, None, "Database password"),
    ("erp.database.type", False, "PostgreSQL", "The SQL dialect NiFi writes: PostgreSQL, MySQL, Oracle 12+, MS SQL 2012+, ..."),
    ("erp.database.retries", False, "30", "Tries of a flowfile the database failed, 10 s apart, before it leaves with the reason"),
]

CONNECTION_CONTEXT = "Ottimate Connection"
CONNECTION_SERVICE_NAME = "Ottimate Connection"
# the id every template uses for the shared connection service: an external reference, resolved by NiFi on import to
# the one service named "Ottimate Connection" in the group the template is imported into (or one of its parents)
CONNECTION_SERVICE_ID = str(uuid.uuid5(NAMESPACE, "shared/ottimate-connection"))
CONNECTION_PARAMETERS = [
    ("ottimate.environment", False, "SANDBOX", "PRODUCTION, SANDBOX or CUSTOM (CUSTOM uses ottimate.base.url)"),
    ("ottimate.base.url", False, "https://sandbox-api.ottimate.com/v1", "API base URL when ottimate.environment is CUSTOM"),
    ("ottimate.api.key", True, None, "The client account's API key (X-Api-Key)"),
    ("ottimate.client.id", False, None, "OAuth client id from the Ottimate Partner Manager"),
    ("ottimate.client.secret", True, None, "OAuth client secret from the Ottimate Partner Manager"),
]


# What NiFi 2.3.0's canvas draws (its flow designer's sizes), and the grid the templates are laid out on: a column is a
# processor plus the labels of its self-loops on its right; a row is a processor plus the gap its connection labels
# sit in. TemplateLayoutTest checks the result the way the canvas draws it: no overlaps, no line across a component.
PROCESSOR_SIZE = (352, 128)
PORT_SIZE = (240, 48)
CONNECTION_LABEL_WIDTH = 224
COLUMN = 660
ROW = 260


def cell(col, row, size=PROCESSOR_SIZE):
    """The top-left corner of a component of `size` centred in a grid cell's processor slot."""
    return col * COLUMN + (PROCESSOR_SIZE[0] - size[0]) / 2, row * ROW + (PROCESSOR_SIZE[1] - size[1]) / 2


class Flow:
    """One process group, laid out on the grid (see cell()): inputs at the top, outcomes below, comments to the right."""

    def __init__(self, file_name, name, comments, parameters):
        self.file_name = file_name
        self.name = name
        self.comments = comments
        self.parameters = parameters
        self.group_id = self.uid("group")
        self.processors, self.services, self.connections = [], [], []
        self.uses_shared_connection = False
        self.input_ports, self.output_ports, self.labels = [], [], []

    def uid(self, *parts):
        return str(uuid.uuid5(NAMESPACE, "/".join((self.file_name,) + parts)))

    def _base(self, kind, name, x, y):
        return {"identifier": self.uid(kind, name), "instanceIdentifier": self.uid("instance", kind, name), "name": name,
                "comments": "", "position": {"x": float(x), "y": float(y)}, "groupIdentifier": self.group_id}

    def connection_service(self):
        """The shared connection: defined once, outside the template (see shared_connection())."""
        self.uses_shared_connection = True
        return CONNECTION_SERVICE_ID

    def csv_reader(self, name="CSV Reader", as_text=False):
        """A header-line CSV reader; as_text keeps every value a string (catalog prices are decimal strings)."""
        return self.service(name, "org.apache.nifi.csv.CSVReader", RECORD_NAR, {
            "schema-access-strategy": "csv-header-derived" if as_text else "infer-schema", "CSV Format": "rfc-4180",
            "Skip Header Line": "true",
        }, api=("org.apache.nifi.serialization.RecordReaderFactory", SERVICES_API_NAR))

    def json_reader(self, name="JSON Reader", exact_times=False):
        """exact_times: dates and microsecond UTC timestamps are read as DATE and TIMESTAMP (see EXACT_TIMES)."""
        return self.service(name, "org.apache.nifi.json.JsonTreeReader", RECORD_NAR,
                            {"schema-access-strategy": "infer-schema", **(EXACT_TIMES if exact_times else {})},
                            api=("org.apache.nifi.serialization.RecordReaderFactory", SERVICES_API_NAR))

    def json_writer(self, name="JSON Writer", exact_times=False, schema=None):
        """exact_times: dates and timestamps written so that a reader with the same formats gets them back unchanged;
        schema: an Avro schema the records are written with (only its fields), instead of each record's own."""
        access = {"schema-access-strategy": "schema-text-property", "schema-text": json.dumps(schema)} if schema else {
            "schema-access-strategy": "inherit-record-schema"}
        return self.service(name, "org.apache.nifi.json.JsonRecordSetWriter", RECORD_NAR, {
            "Schema Write Strategy": "no-schema", **access, "output-grouping": "output-array", **(EXACT_TIMES if exact_times else {}),
        }, api=("org.apache.nifi.serialization.RecordSetWriterFactory", SERVICES_API_NAR))

    def database_pool(self, name="ERP Database"):
        """A DBCPConnectionPool on the erp.jdbc.* parameters (any JDBC database; the password a sensitive parameter)."""
        return self.service(name, "org.apache.nifi.dbcp.DBCPConnectionPool", DBCP_NAR, {
            "Database Connection URL": "#{erp.jdbc.url}", "Database Driver Class Name": "#{erp.jdbc.driver.class}",
            "database-driver-locations": "#{erp.jdbc.driver.location}", "Database User": "#{erp.jdbc.user}",
            "Password": "#{erp.jdbc.password}", "Max Wait Time": "5 sec", "Max Total Connections": "4",
            "Validation-query": "SELECT 1",
        }, api=("org.apache.nifi.dbcp.DBCPService", SERVICES_API_NAR), sensitive=("Password",))

    def value_lookup(self, name, properties):
        """An OttimateValueLookupService (one field of an Ottimate object, for LookupRecord), on the shared connection."""
        service = self.service(name, "com.ottimate.nifi.lookup.OttimateValueLookupService", OTTIMATE_NAR, properties,
                               api=("org.apache.nifi.lookup.StringLookupService", SERVICES_API_NAR))
        self.services[-1]["propertyDescriptors"] = {"Ottimate Connection Service": descriptor("Ottimate Connection Service", service=True)}
        self.services[-1]["controllerServiceApis"].append({"type": "org.apache.nifi.lookup.LookupService", "bundle": SERVICES_API_NAR})
        return service

    def put_database_record(self, name, pool, reader, table, statement, keys, col, row, record_path=None):
        """NiFi's PutDatabaseRecord into `table` of the staging schema: one transaction per flowfile, committed or rolled
        back whole; fields without a column and columns without a field are ignored (the tables keep what they name)."""
        key_property = "Delete Keys" if statement == "DELETE" else "put-db-record-update-keys"
        properties = {
            "put-db-record-record-reader": reader, "db-type": "#{erp.database.type}", "put-db-record-statement-type": statement,
            "put-db-record-dcbp-service": pool, "put-db-record-table-name": table, key_property: keys,
            "put-db-record-unmatched-field-behavior": "Ignore Unmatched Fields",
            "put-db-record-unmatched-column-behavior": "Ignore Unmatched Columns", "rollback-on-failure": "false",
        }
        if record_path:
            properties["Data Record Path"] = record_path
        return self.processor(name, "org.apache.nifi.processors.standard.PutDatabaseRecord", properties, col, row, bundle=STANDARD_NAR,
                              services=("put-db-record-record-reader", "put-db-record-dcbp-service"), penalty="10 sec")

    def service(self, name, type_, bundle, properties, api, sensitive=()):
        service = self._base("service", name, 900, 40 + 120 * len(self.services))
        service.update({
            "type": type_, "bundle": bundle, "properties": properties,
            "propertyDescriptors": {p: descriptor(p, sensitive=True) for p in sensitive},
            "controllerServiceApis": [{"type": api[0], "bundle": api[1]}],
            "scheduledState": "DISABLED", "bulletinLevel": "WARN", "componentType": "CONTROLLER_SERVICE",
        })
        self.services.append(service)
        return service["identifier"]

    def processor(self, name, type_, properties, col, row, bundle=OTTIMATE_NAR, services=(), terminate=(),
                  comments="", scheduling="0 sec", penalty="30 sec", dynamic=(), primary_node=False):
        processor = self._base("processor", name, *cell(col, row))
        processor.update({
            "comments": comments, "type": type_, "bundle": bundle, "properties": properties,
            "propertyDescriptors": {**{p: descriptor(p, service=True) for p in services}, **{p: descriptor(p, dynamic=True) for p in dynamic}},
            "style": {}, "schedulingPeriod": scheduling, "schedulingStrategy": "TIMER_DRIVEN",
            "executionNode": "PRIMARY" if primary_node else "ALL",
            "penaltyDuration": penalty, "yieldDuration": "1 sec", "bulletinLevel": "WARN", "runDurationMillis": 0,
            "concurrentlySchedulableTaskCount": 1, "autoTerminatedRelationships": sorted(terminate), "scheduledState": "ENABLED",
            # no framework retry: it rolls the whole session back, discarding the success and failure record sets split
            # from the same input and the attributes our processors carry between attempts; 'retry' loops back instead
            "retryCount": 10, "retriedRelationships": [], "backoffMechanism": "PENALIZE_FLOWFILE", "maxBackoffPeriod": "10 mins",
            "componentType": "PROCESSOR",
        })
        self.processors.append(processor)
        return processor

    def input_port(self, name, col, row):
        port = self._base("input", name, *cell(col, row, PORT_SIZE))
        port.update({"type": "INPUT_PORT", "concurrentlySchedulableTaskCount": 1, "scheduledState": "ENABLED",
                     "allowRemoteAccess": False, "portFunction": "STANDARD", "componentType": "INPUT_PORT"})
        self.input_ports.append(port)
        return port

    def output_port(self, name, col, row):
        port = self._base("output", name, *cell(col, row, PORT_SIZE))
        port.update({"type": "OUTPUT_PORT", "concurrentlySchedulableTaskCount": 1, "scheduledState": "ENABLED",
                     "allowRemoteAccess": False, "portFunction": "STANDARD", "componentType": "OUTPUT_PORT"})
        self.output_ports.append(port)
        return port

    def label(self, text, col, row, width=420, height=120):
        """A comment on the canvas, in a grid cell (a column right of the flow)."""
        label = self._base("label", text[:40], col * COLUMN, row * ROW)
        label.update({"label": text, "width": float(width), "height": float(height), "zIndex": 0,
                      "style": {"font-size": "12px"}, "componentType": "LABEL"})
        del label["name"], label["comments"]
        self.labels.append(label)

    def connect(self, source, destination, *relationships, label_at=None):
        """A connection whose label NiFi centres on its first bend: midway by default, at `label_at` (x, y) where
        midway would meet another label; a self-loop goes out to the right, each further one below the last."""
        connection = self._base("connection", "->".join((source["name"], destination["name"]) + relationships), 0, 0)
        del connection["position"]
        connection.update({
            "name": "", "source": endpoint(source, self.group_id), "destination": endpoint(destination, self.group_id),
            "labelIndex": 0, "zIndex": 0, "selectedRelationships": sorted(relationships),
            "backPressureObjectThreshold": 10000, "backPressureDataSizeThreshold": "1 GB", "flowFileExpiration": "0 sec",
            "prioritizers": [], "bends": [], "loadBalanceStrategy": "DO_NOT_LOAD_BALANCE", "partitioningAttribute": "",
            "loadBalanceCompression": "DO_NOT_COMPRESS", "componentType": "CONNECTION",
        })
        if source is destination:  # a self-loop needs bends to be visible on the canvas; a second one sits below the first
            x, y = source["position"]["x"], source["position"]["y"]
            loops = sum(1 for c in self.connections if c["source"]["id"] == c["destination"]["id"] == source["identifier"])
            bend_x = x + PROCESSOR_SIZE[0] + 30 + CONNECTION_LABEL_WIDTH / 2
            connection["bends"] = [{"x": bend_x, "y": y + 8 + 70 * loops}, {"x": bend_x, "y": y + 44 + 70 * loops}]
        else:
            cx, cy = center(source), center(destination)
            at = label_at or ((cx[0] + cy[0]) / 2, (cx[1] + cy[1]) / 2)
            connection["bends"] = [{"x": float(at[0]), "y": float(at[1])}]
        self.connections.append(connection)

    def to_json(self):
        context = self.name
        contents = {
            "identifier": self.group_id, "instanceIdentifier": self.uid("instance", "group"), "name": self.name,
            "comments": self.comments, "position": {"x": 0.0, "y": 0.0},
            "processGroups": [], "remoteProcessGroups": [], "processors": self.processors, "inputPorts": self.input_ports,
            "outputPorts": self.output_ports, "connections": self.connections, "labels": self.labels, "funnels": [],
            "controllerServices": self.services, "parameterContextName": context,
            "defaultFlowFileExpiration": "0 sec", "defaultBackPressureObjectThreshold": 10000,
            "defaultBackPressureDataSizeThreshold": "1 GB", "scheduledState": "ENABLED", "executionEngine": "INHERITED",
            "maxConcurrentTasks": 1, "statelessFlowTimeout": "1 min", "flowFileConcurrency": "UNBOUNDED",
            "flowFileOutboundPolicy": "STREAM_WHEN_AVAILABLE", "componentType": "PROCESS_GROUP",
        }
        contexts = {context: parameter_context(context, self.comments, self.parameters, [])}
        external = {}
        if self.uses_shared_connection:
            external[CONNECTION_SERVICE_ID] = {"identifier": CONNECTION_SERVICE_ID, "name": CONNECTION_SERVICE_NAME}
        return {"flowContents": contents, "externalControllerServices": external, "parameterContexts": contexts,
                "flowEncodingVersion": "1.0", "parameterProviders": {}, "latest": False}

    def write(self):
        path = TEMPLATES / self.file_name
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        print("wrote", path.relative_to(TEMPLATES.parent))


def center(component):
    w, h = PROCESSOR_SIZE if component["componentType"] == "PROCESSOR" else PORT_SIZE
    return component["position"]["x"] + w / 2, component["position"]["y"] + h / 2


def descriptor(name, service=False, sensitive=False, dynamic=False):
    return {"name": name, "displayName": name, "identifiesControllerService": service, "sensitive": sensitive, "dynamic": dynamic}


def endpoint(component, group_id):
    kinds = {"PROCESSOR": "PROCESSOR", "INPUT_PORT": "INPUT_PORT", "OUTPUT_PORT": "OUTPUT_PORT"}
    return {"id": component["identifier"], "type": kinds[component["componentType"]], "groupId": group_id,
            "name": component["name"], "comments": "", "instanceIdentifier": component["instanceIdentifier"]}


def parameter_context(name, description, parameters, inherited):
    values = []
    for parameter_name, sensitive, value, parameter_description in parameters:
        parameter = {"name": parameter_name, "description": parameter_description, "sensitive": sensitive, "provided": False}
        if value is not None and not sensitive:
            parameter["value"] = value
        values.append(parameter)
    return {"name": name, "description": description, "parameters": values, "inheritedParameterContexts": inherited,
            "componentType": "PARAMETER_CONTEXT"}


def shared_connection():
    """The one connection service every template refers to, and the parameter context it reads: created once in the
    parent group (bin/nifi does it through the REST API; a user does it on the canvas, see templates/README.md), and
    put beside a template by the Stateless runner, which has no parent group."""
    service = {
        "identifier": CONNECTION_SERVICE_ID, "name": CONNECTION_SERVICE_NAME, "comments": "",
        "type": "com.ottimate.nifi.services.StandardOttimateConnectionService", "bundle": OTTIMATE_NAR,
        "properties": {
            "Environment": "#{ottimate.environment}",
            "Base URL": "#{ottimate.base.url}",
            "API Key": "#{ottimate.api.key}",
            "Client ID": "#{ottimate.client.id}",
            "Client Secret": "#{ottimate.client.secret}",
        },
        "propertyDescriptors": {p: descriptor(p, sensitive=True) for p in ("API Key", "Client Secret")},
        "controllerServiceApis": [{"type": "com.ottimate.nifi.services.OttimateConnectionService", "bundle": OTTIMATE_NAR}],
        "scheduledState": "DISABLED", "bulletinLevel": "WARN", "componentType": "CONTROLLER_SERVICE",
    }
    context = parameter_context(CONNECTION_CONTEXT, "Credentials and endpoint of the Ottimate API, shared by every Ottimate flow",
                                CONNECTION_PARAMETERS, [])
    return {"controllerService": service, "parameterContext": context}


P = "com.ottimate.nifi.processors."
RECORD_SERVICES = ("Ottimate Connection Service", "Record Reader", "Record Writer")


def outcome_ports(flow, row, success_name):
    return flow.output_port(success_name, 0, row), flow.output_port("failure", 1, row)


def route_outcomes(flow, processor, success, failure, extra_failures=(), success_at=None, failure_at=None):
    """success to its port; failure (and e.g. 'not found') to 'failure'; 'retry' (penalized by the processor) loops back."""
    flow.connect(processor, success, "success", label_at=success_at)
    flow.connect(processor, failure, "failure", *extra_failures, label_at=failure_at)
    flow.connect(processor, processor, "retry")


# two processors side by side whose outcomes cross to the ports of the other column: their labels one above the other
CROSSING_HIGH = (COLUMN / 2 + PROCESSOR_SIZE[0] / 2, ROW + PROCESSOR_SIZE[1] + 32)
CROSSING_LOW = (COLUMN / 2 + PROCESSOR_SIZE[0] / 2, ROW + PROCESSOR_SIZE[1] + 112)


def invoice_intake():
    flow = Flow("01-invoice-intake.json", "Ottimate Invoice Intake",
                "Invoice records (CSV or JSON) become Ottimate invoices, one create per record; refused records and "
                "records that could not be sent are split out with ottimate.error.* attributes.", [])
    connection = flow.connection_service()
    csv, json_reader, writer = flow.csv_reader(), flow.json_reader(), flow.json_writer()
    csv_in, json_in = flow.input_port("CSV invoices", 0, 0), flow.input_port("JSON invoices", 1, 0)
    ports = outcome_ports(flow, 2, "created")
    for port, reader, col in ((csv_in, csv, 0), (json_in, json_reader, 1)):
        put = flow.processor("Create invoices from " + port["name"].split()[0], P + "invoices.PutOttimateInvoice", {
            "Ottimate Connection Service": connection, "Input Strategy": "RECORDS", "Record Reader": reader, "Record Writer": writer,
            "Record Strategy": "PER_RECORD",
        }, 0 + col, 1, services=RECORD_SERVICES, terminate=("original",))
        flow.connect(port, put)
        route_outcomes(flow, put, *ports, success_at=CROSSING_LOW if col else None, failure_at=None if col else CROSSING_HIGH)
    flow.label("Each input record is one invoice (invoice_number, invoice_date, ottimate_location_id, total_amount, currency, "
               "notes, ...). 'created' carries the created invoices, 'failure' the refused records with ottimate_error_code/message. "
               "'retry' loops back: a file whose records met only transient trouble (429/5xx/timeouts beyond the connection's own "
               "retries) comes back unchanged after the penalty, skips the records already done and sends the rest under the same "
               "idempotency keys.", 2, 1, 420, 160)
    return flow


def listing_processor(flow, name, properties, services, schedule, row):
    """A ListOttimateInvoices source: no input, primary node only, one relationship (success); a failed listing
    raises a bulletin, yields and resumes from its cluster state next time."""
    return flow.processor(name, P + "invoices.ListOttimateInvoices", properties, 0, row, services=services,
                          scheduling=schedule, primary_node=True,
                          comments="Incremental: lists what changed since its last run (cluster state), on the primary node.")


def invoice_export():
    flow = Flow("02-invoice-export.json", "Ottimate Invoice Export",
                "Invoices that are ready for export leave Ottimate as JSON records; once your ERP has taken them, they come back "
                "through 'delivered invoices' and are marked exported, so nothing is marked that was not delivered.",
                [("export.status", False, "ready-for-export", "Invoice status to export"),
                 ("export.schedule", False, "5 min", "How often to look for invoices to export")])
    connection = flow.connection_service()
    json_reader, writer = flow.json_reader(), flow.json_writer()
    to_export = flow.output_port("invoices to export", 0, 1)
    failure = flow.output_port("failure", 0, 3)
    listing = listing_processor(flow, "List invoices ready for export", {
        "Ottimate Connection Service": connection, "Status": "#{export.status}", "Output Strategy": "RECORDS", "Record Writer": writer,
    }, ("Ottimate Connection Service", "Record Writer"), "#{export.schedule}", row=0)
    flow.connect(listing, to_export, "success")
    delivered = flow.input_port("delivered invoices", 1, 1)
    mark = flow.processor("Mark invoices exported", P + "invoices.MarkOttimateInvoicesExported", {
        "Ottimate Connection Service": connection, "Mark": "EXPORTED", "Invoice IDs Source": "RECORDS", "Record Reader": json_reader,
        "Invoice ID Field": "id",
    }, 1, 2, services=("Ottimate Connection Service", "Record Reader"))
    flow.connect(delivered, mark)
    route_outcomes(flow, mark, flow.output_port("marked exported", 1, 3), failure)
    flow.label("Connect 'invoices to export' to the step that loads them into your ERP (PutDatabaseRecord, PutSFTP, ...) and "
               "that step's success back to 'delivered invoices'. The listing is incremental (cluster state, primary node).",
               2, 0, 420, 120)
    return flow


def master_data_sync():
    flow = Flow("03-master-data-sync.json", "Ottimate Vendor and Dimension Sync",
                "Vendor and dimension extracts from an ERP (CSV with a header line) are upserted into Ottimate in bulk calls of "
                "100 records; refused records come out on 'failure' with the reason per record.",
                [("ottimate.company.id", False, None, "ottimate_company_id the vendors and dimensions belong to")])
    connection = flow.connection_service()
    # ERP ids and codes stay text (leading zeros, "Not a valid string" for numbers)
    csv, writer = flow.csv_reader("CSV Reader (text values)", as_text=True), flow.json_writer()
    ports = outcome_ports(flow, 2, "synced")
    for name, type_, col in (("vendors", "PutOttimateVendor", 0), ("dimensions", "PutOttimateDimension", 1)):
        port = flow.input_port(name, col, 0)
        put = flow.processor("Upsert " + name, P + "masterdata." + type_, {
            "Ottimate Connection Service": connection, "Record Reader": csv, "Record Writer": writer,
            "Company ID": "#{ottimate.company.id}", "Operation": "BULK_UPSERT", "Batch Size": "100",
        }, col, 1, services=RECORD_SERVICES, terminate=("original",), penalty="5 sec")
        flow.connect(port, put)
        flow.connect(put, put, "pending")
        route_outcomes(flow, put, *ports, success_at=CROSSING_LOW if col else None, failure_at=None if col else CROSSING_HIGH)
    return flow


def catalog_price_book():
    flow = Flow("04-catalog-price-book.json", "Ottimate Catalog Price Book",
                "A vendor price book (CSV) is upserted into the Ottimate catalog in asynchronous batches of 1,000 rows; each "
                "batch is followed to its per-row results on a penalized 'pending' loop that holds no thread.",
                [("ottimate.company.id", False, None, "ottimate_company_id the catalog belongs to")])
    connection = flow.connection_service()
    csv, writer = flow.csv_reader("CSV Reader (text values)", as_text=True), flow.json_writer()
    price_book = flow.input_port("price book", 0, 0)
    upsert = flow.processor("Upsert catalog entries", P + "catalog.PutOttimateCatalog", {
        "Ottimate Connection Service": connection, "Catalog Object": "ENTRIES", "Operation": "BULK_UPSERT", "Record Reader": csv,
        "Record Writer": writer, "Company ID": "#{ottimate.company.id}", "Batch Size": "1000",
    }, 0, 1, services=RECORD_SERVICES, terminate=("original",), penalty="5 sec")
    flow.connect(price_book, upsert)
    flow.connect(upsert, upsert, "pending")
    route_outcomes(flow, upsert, *outcome_ports(flow, 2, "upserted"))
    flow.label("'pending' loops back: a submitted batch waits there (penalized for the Penalty Duration) until Ottimate has "
               "finished it. Prices stay decimal strings: the CSV reader reads every column as text.", 1, 0, 420, 100)
    return flow


def invoice_document_intake():
    flow = Flow("05-invoice-document-intake.json", "Ottimate Invoice Document Intake",
                "Invoice PDFs and images are uploaded for extraction; each document is followed on a penalized 'pending' loop "
                "until Ottimate has turned it into an invoice, then leaves through 'extracted documents' "
                "(ottimate.upload.status=extracted, ottimate.upload.reference.id).",
                [("ottimate.location.id", False, None, "ottimate_location_id the uploaded invoices belong to")])
    connection = flow.connection_service()
    documents = flow.input_port("invoice documents", 0, 0)
    upload = flow.processor("Upload for extraction", P + "invoices.UploadOttimateInvoiceFile", {
        "Ottimate Connection Service": connection, "Upload Target": "NEW_INVOICE", "Location ID": "#{ottimate.location.id}",
        "Wait for Extraction": "true",
    }, 0, 1, services=("Ottimate Connection Service",), penalty="10 sec")
    flow.connect(documents, upload)
    flow.connect(upload, upload, "pending")
    route_outcomes(flow, upload, *outcome_ports(flow, 2, "extracted documents"), extra_failures=("not found",))
    flow.label("Feed it from GetFile, ListSFTP/FetchSFTP or ConsumeIMAP. filename and mime.type name the document "
               "(PDF, PNG, JPEG, TIFF; 25 MB at most). 'pending' loops back until the invoice exists.", 1, 0, 420, 100)
    return flow


def approval_rules():
    flow = Flow("06-approval-rules.json", "Ottimate Approval Rules",
                "Invoices waiting for approval are checked against a rule: up to the auto-approve limit they are approved, "
                "above it they are flagged for review with the reason.",
                [("approval.status", False, "pending-approval", "Invoice status of the approval queue"),
                 ("approval.schedule", False, "5 min", "How often to look at the approval queue"),
                 ("auto.approve.limit", False, "500.00", "Invoices with a total up to this amount are approved")])
    connection = flow.connection_service()
    listing = listing_processor(flow, "List invoices awaiting approval", {
        "Ottimate Connection Service": connection, "Status": "#{approval.status}", "Output Strategy": "ONE_PER_OBJECT",
    }, ("Ottimate Connection Service",), "#{approval.schedule}", row=0)
    failure = flow.output_port("failure", 2, 2)
    total = flow.processor("Read invoice total", "org.apache.nifi.processors.standard.EvaluateJsonPath", {
        "Destination": "flowfile-attribute", "Return Type": "scalar", "invoice.total": "$.total_amount",
    }, 0, 1, bundle=STANDARD_NAR, dynamic=("invoice.total",))
    rule = flow.processor("Auto-approve rule", "org.apache.nifi.processors.standard.RouteOnAttribute", {
        "Routing Strategy": "Route to Property name",
        "auto-approve": "${invoice.total:toDecimal():le(#{auto.approve.limit})}",
    }, 0, 2, bundle=STANDARD_NAR, dynamic=("auto-approve",))
    approve = flow.processor("Approve", P + "invoices.ApproveOttimateInvoice", {
        "Ottimate Connection Service": connection, "Operation": "APPROVE",
    }, 0, 3, services=("Ottimate Connection Service",))
    flag = flow.processor("Flag for review", P + "invoices.ApproveOttimateInvoice", {
        "Ottimate Connection Service": connection, "Operation": "FLAG",
        "Flagging Reason": "Total ${invoice.total} is over the auto-approve limit of #{auto.approve.limit}",
    }, 1, 3, services=("Ottimate Connection Service",))
    flow.connect(listing, total, "success")
    flow.connect(total, rule, "matched")
    flow.connect(total, failure, "failure", "unmatched")
    flow.connect(rule, approve, "auto-approve")
    flow.connect(rule, flag, "unmatched")
    route_outcomes(flow, approve, flow.output_port("approved", 0, 4), failure, extra_failures=("not found",))
    route_outcomes(flow, flag, flow.output_port("flagged for review", 1, 4), failure, extra_failures=("not found",))
    flow.label("Change the rule in 'Auto-approve rule' (any Expression Language over the invoice's attributes), or add "
               "EvaluateJsonPath properties for other fields (vendor, location, due date).", 2, 0, 420, 100)
    return flow


def vendor_enrichment():
    flow = Flow("07-vendor-enrichment.json", "Ottimate Vendor Enrichment",
                "ERP invoices (CSV) name their vendor by the ERP's vendor number; LookupRecord checks each against the vendors "
                "Ottimate knows (one preloaded listing of the company, not one request per record) and fills erp_vendor_name. "
                "Invoices of known vendors are created; the others leave through 'unknown vendors' before any create is spent.",
                [("ottimate.company.id", False, None, "ottimate_company_id whose vendors the invoices name")])
    connection = flow.connection_service()
    csv, json_reader, writer = flow.csv_reader(), flow.json_reader(), flow.json_writer()
    vendors = flow.value_lookup("Ottimate Vendor Names", {
        "Ottimate Connection Service": connection, "Match On": "ERP_VENDOR_ID", "Company ID": "#{ottimate.company.id}",
        "Return Field": "erp_vendor_name", "Lookup Strategy": "PRELOAD", "Cache Expiration": "15 min",
    })
    erp_invoices = flow.input_port("ERP invoices", 0, 0)
    lookup = flow.processor("Look up vendors in Ottimate", "org.apache.nifi.processors.standard.LookupRecord", {
        "record-reader": csv, "record-writer": writer, "lookup-service": vendors, "result-record-path": "/erp_vendor_name",
        "routing-strategy": "route-to-matched-unmatched", "result-contents": "insert-entire-record",
        "record-update-strategy": "use-property", "key": "/erp_vendor_id",
    }, 0, 1, bundle=STANDARD_NAR, services=("record-reader", "record-writer", "lookup-service"), dynamic=("key",))
    unknown = flow.output_port("unknown vendors", 1, 1)
    failure = flow.output_port("failure", 1, 2)
    put = flow.processor("Create invoices", P + "invoices.PutOttimateInvoice", {
        "Ottimate Connection Service": connection, "Input Strategy": "RECORDS", "Record Reader": json_reader, "Record Writer": writer,
        "Record Strategy": "PER_RECORD",
    }, 0, 2, services=RECORD_SERVICES, terminate=("original",))
    flow.connect(erp_invoices, lookup)
    flow.connect(lookup, put, "matched")
    flow.connect(lookup, unknown, "unmatched")
    flow.connect(lookup, failure, "failure")
    route_outcomes(flow, put, flow.output_port("created", 0, 3), failure)
    flow.label("'key' = /erp_vendor_id: the ERP's vendor number as Ottimate stores it (erp_vendor_id). The lookup service "
               "lists the company's vendors once per 15 minutes and answers every record from memory; a vendor created "
               "meanwhile is found after the Not Found Expiration. 'unknown vendors' carries the records to create as vendors "
               "first (template 03). A lookup that the API could not answer sends the file to 'failure'.", 2, 1, 420, 160)
    return flow


def purchase_orders_and_receipts():
    flow = Flow("08-purchase-orders-and-receipts.json", "Ottimate Purchase Orders and Receipts",
                "The ERP's purchase orders and goods receipts (CSV, one row per line) are upserted into Ottimate for three-way "
                "matching, keyed on the ERP's external_id. Each receipt gets the Ottimate id of its order from a lookup by the "
                "order's external_id; receipts of orders Ottimate does not have yet leave through 'receipts of unknown orders'.",
                [("ottimate.company.id", False, None, "ottimate_company_id the orders and receipts belong to"),
                 ("ottimate.location.id", False, None, "ottimate_location_id of orders whose rows name none")])
    connection = flow.connection_service()
    csv, json_reader, writer = flow.csv_reader("CSV Reader (text values)", as_text=True), flow.json_reader(), flow.json_writer()
    orders = flow.value_lookup("Ottimate Purchase Order IDs", {
        "Ottimate Connection Service": connection, "Match On": "PO_EXTERNAL_ID", "Company ID": "#{ottimate.company.id}",
        "Return Field": "id", "Lookup Strategy": "PER_KEY", "Cache Expiration": "15 min",
    })
    procurement = {"Ottimate Connection Service": connection, "Record Writer": writer, "Company ID": "#{ottimate.company.id}",
                   "Operation": "BULK_UPSERT", "Batch Size": "100", "Line Layout": "ROW_PER_LINE", "Line Field Prefix": "item_"}

    po_in = flow.input_port("purchase orders", 0, 0)
    put_orders = flow.processor("Upsert purchase orders", P + "procurement.PutOttimatePurchaseOrder", {
        **procurement, "Record Reader": csv, "Location ID": "#{ottimate.location.id}",
    }, 0, 1, services=RECORD_SERVICES, terminate=("original",), penalty="5 sec")
    flow.connect(po_in, put_orders)
    flow.connect(put_orders, put_orders, "pending")
    flow.connect(put_orders, flow.output_port("orders upserted", 0, 2), "success")
    flow.connect(put_orders, flow.output_port("order failures", 1, 2), "failure")
    flow.connect(put_orders, put_orders, "retry")

    receipts_in = flow.input_port("receipts", 2, 0)
    lookup = flow.processor("Attach Ottimate PO ids", "org.apache.nifi.processors.standard.LookupRecord", {
        "record-reader": csv, "record-writer": writer, "lookup-service": orders, "result-record-path": "/ottimate_po_id",
        "routing-strategy": "route-to-matched-unmatched", "result-contents": "insert-entire-record",
        "record-update-strategy": "use-property", "key": "/po_external_id",
    }, 2, 1, bundle=STANDARD_NAR, services=("record-reader", "record-writer", "lookup-service"), dynamic=("key",))
    put_receipts = flow.processor("Upsert receipts", P + "procurement.PutOttimateReceipt", {
        **procurement, "Record Reader": json_reader,
    }, 2, 2, services=RECORD_SERVICES, terminate=("original",), penalty="5 sec")
    receipt_failures = flow.output_port("receipt failures", 3, 3)
    flow.connect(receipts_in, lookup)
    flow.connect(lookup, put_receipts, "matched")
    flow.connect(lookup, flow.output_port("receipts of unknown orders", 3, 1), "unmatched")
    # right of the unknown-orders port, then down: clear of the receipts writer's loops
    flow.connect(lookup, receipt_failures, "failure", label_at=(3 * COLUMN + PROCESSOR_SIZE[0] / 2, ROW + PROCESSOR_SIZE[1] + 66))
    flow.connect(put_receipts, put_receipts, "pending")
    flow.connect(put_receipts, flow.output_port("receipts upserted", 2, 3), "success")
    flow.connect(put_receipts, receipt_failures, "failure")
    flow.connect(put_receipts, put_receipts, "retry")
    flow.label("One row per line, sorted by external_id: rows with the same external_id are one order (or receipt), columns "
               "named item_* its lines. Orders are upserted on external_id, so an extract sent again updates them; PO numbers may "
               "repeat across vendors. Receipts find their order by po_external_id: 'receipts of unknown orders' can be sent "
               "again after the next order run.", 4, 0, 420, 160)
    return flow


def database_retry(flow, col, row):
    """NiFi's RetryFlowFile in front of the database steps: a failure (the database down, a deadlock) is tried again
    after the penalty, #{erp.database.retries} times; what still fails then leaves with the database's reason."""
    return flow.processor("Wait for the database", "org.apache.nifi.processors.standard.RetryFlowFile", {
        "retry-attribute": "erp.database.retries", "maximum-retries": "#{erp.database.retries}", "penalize-retries": "true",
    }, col, row, bundle=STANDARD_NAR, penalty="10 sec")


def invoices_to_erp_database():
    flow = Flow("09-invoices-to-erp-database.json", "Ottimate Invoices to an ERP Database",
                "Invoices ready for export, with their lines, are upserted into the ERP's staging tables (invoices, invoice_lines) "
                "by NiFi's PutDatabaseRecord, and marked exported in Ottimate only once the database has committed them.",
                DATABASE_PARAMETERS + [
                    ("export.status", False, "ready-for-export", "Invoice status to export"),
                    ("export.schedule", False, "5 min", "How often to look for invoices to export")])
    connection = flow.connection_service()
    pool = flow.database_pool()
    reader, writer = flow.json_reader("JSON Reader (exact times)", exact_times=True), flow.json_writer("JSON Writer (exact times)", exact_times=True)
    listing = listing_processor(flow, "List invoices ready for export", {
        "Ottimate Connection Service": connection, "Status": "#{export.status}", "Include Line Items": "true",
        "Output Strategy": "RECORDS", "Record Writer": writer,
    }, ("Ottimate Connection Service", "Record Writer"), "#{export.schedule}", row=0)
    key = flow.processor("Name each invoice's lines", "org.apache.nifi.processors.standard.UpdateRecord", {
        "Record Reader": reader, "Record Writer": writer, "Replacement Value Strategy": "record-path-value", "/ottimate_invoice_id": "/id",
    }, 0, 1, bundle=STANDARD_NAR, services=("Record Reader", "Record Writer"), dynamic=("/ottimate_invoice_id",))
    headers = flow.put_database_record("Upsert invoice headers", pool, reader, "invoices", "UPSERT", "id", 0, 2)
    old_lines = flow.put_database_record("Delete their previous lines", pool, reader, "invoice_lines", "DELETE", "ottimate_invoice_id", 0, 3)
    # PutDatabaseRecord refuses a record whose Data Record Path finds nothing: invoices without lines skip that step
    partition = flow.processor("Invoices with lines apart", "org.apache.nifi.processors.standard.PartitionRecord", {
        "record-reader": reader, "record-writer": writer, "ottimate.has.lines": "not(isEmpty(/items[0]/id))",
    }, 0, 4, bundle=STANDARD_NAR, services=("record-reader", "record-writer"), dynamic=("ottimate.has.lines",), terminate=("original",))
    with_lines = flow.processor("With lines?", "org.apache.nifi.processors.standard.RouteOnAttribute", {
        "Routing Strategy": "Route to Property name", "with lines": "${ottimate.has.lines:equals('true')}",
    }, 0, 5, bundle=STANDARD_NAR, dynamic=("with lines",))
    lines = flow.put_database_record("Upsert their lines", pool, reader, "invoice_lines", "UPSERT", "id", 1, 5, record_path="/items[*]")
    mark = flow.processor("Mark invoices exported", P + "invoices.MarkOttimateInvoicesExported", {
        "Ottimate Connection Service": connection, "Mark": "EXPORTED", "Invoice IDs Source": "RECORDS", "Record Reader": reader,
        "Invoice ID Field": "id",
    }, 0, 6, services=("Ottimate Connection Service", "Record Reader"))
    wait = database_retry(flow, 1, 3)
    one_by_one = flow.processor("Several invoices?", "org.apache.nifi.processors.standard.RouteOnAttribute", {
        "Routing Strategy": "Route to Property name", "several": "${record.count:gt(1)}",
    }, 2, 3, bundle=STANDARD_NAR, dynamic=("several",))
    split = flow.processor("One invoice per flowfile", "org.apache.nifi.processors.standard.SplitRecord", {
        "Record Reader": reader, "Record Writer": writer, "Records Per Split": "1",
    }, 2, 2, bundle=STANDARD_NAR, services=("Record Reader", "Record Writer"), terminate=("original",))
    database_failures = flow.output_port("database failures", 2, 4)
    flow.connect(listing, key, "success")
    flow.connect(key, headers, "success")
    unreadable = flow.output_port("unreadable listings", 1, 1)
    flow.connect(key, unreadable, "failure")
    flow.connect(headers, old_lines, "success")
    flow.connect(old_lines, partition, "success")
    flow.connect(partition, with_lines, "success")
    flow.connect(partition, unreadable, "failure", label_at=(COLUMN / 2 + PROCESSOR_SIZE[0] / 2 + 60, 3 * ROW + PROCESSOR_SIZE[1] + 66))
    flow.connect(with_lines, lines, "with lines")
    flow.connect(with_lines, mark, "unmatched")
    flow.connect(lines, mark, "success")
    for step in (headers, old_lines, lines):
        flow.connect(step, wait, "failure")
        flow.connect(step, step, "retry")
    # back to the first step: every step is an upsert or a delete of what the next one writes again
    flow.connect(wait, headers, "retry", label_at=(COLUMN + PROCESSOR_SIZE[0] / 2, 2 * ROW + PROCESSOR_SIZE[1] / 2))
    # still failing: each invoice on its own, so that one row the database refuses holds back no other
    flow.connect(wait, one_by_one, "retries_exceeded", "failure")
    flow.connect(one_by_one, split, "several")
    flow.connect(one_by_one, database_failures, "unmatched")
    flow.connect(split, headers, "splits", label_at=(1.5 * COLUMN + PROCESSOR_SIZE[0] / 2, 1.5 * ROW + PROCESSOR_SIZE[1] / 2))
    flow.connect(split, database_failures, "failure", label_at=(2 * COLUMN + PROCESSOR_SIZE[0] + 140, 3 * ROW + PROCESSOR_SIZE[1] / 2))
    route_outcomes(flow, mark, flow.output_port("marked exported", 0, 7), flow.output_port("failure", 1, 7))
    flow.label("Tables: templates/samples/erp-staging-schema.sql. A re-listed invoice updates its header row and replaces its lines. "
               "A flowfile is one transaction per step; one that fails (the database down, a row the table refuses) waits and is "
               "tried again from the headers; still failing after erp.database.retries tries, its invoices go on one by one, and "
               "an invoice that fails alone leaves through 'database failures' with putdatabaserecord.error. Only what reached "
               "'Mark invoices exported' is marked.", 3, 0, 420, 200)
    return flow


# the record each ERP row's outcome is written back with: the row's key, the invoice id or why Ottimate refused it
OUTCOME_SCHEMA = {"type": "record", "name": "erp_invoice_outcome", "fields": [
    {"name": name, "type": ["null", kind]} for name, kind in
    (("erp_row_id", "long"), ("ottimate_id", "string"), ("ottimate_error_code", "string"), ("ottimate_error_message", "string"))]}


def erp_database_to_ottimate():
    flow = Flow("10-erp-database-to-ottimate.json", "ERP Database Invoices to Ottimate",
                "New rows of the ERP's staging table erp_invoices become Ottimate invoices, one create per row; each row gets the "
                "Ottimate id back, or the reason Ottimate refused it.",
                DATABASE_PARAMETERS + [("erp.schedule", False, "1 min", "How often to look for new rows")])
    connection = flow.connection_service()
    pool = flow.database_pool()
    reader = flow.json_reader("JSON Reader (exact times)", exact_times=True)
    rows_writer = flow.json_writer("JSON Writer (exact times)", exact_times=True)
    outcome_writer = flow.json_writer("Outcome Writer", schema=OUTCOME_SCHEMA)
    query = flow.processor("Read new ERP invoices", "org.apache.nifi.processors.standard.QueryDatabaseTableRecord", {
        "Database Connection Pooling Service": pool, "db-fetch-db-type": "#{erp.database.type}", "Table Name": "erp_invoices",
        "Columns to Return": "erp_row_id, ottimate_location_id, invoice_number, erp_vendor_id, invoice_date, due_date, total_amount, "
                             "total_tax, currency, notes",
        "Maximum-value Columns": "erp_row_id", "qdbtr-record-writer": rows_writer, "dbf-user-logical-types": "true",
        "qdbt-max-rows": "1000",
    }, 0, 0, bundle=STANDARD_NAR, services=("Database Connection Pooling Service", "qdbtr-record-writer"), scheduling="#{erp.schedule}",
        primary_node=True, comments="Incremental by erp_row_id (its state, on the primary node): each row is read once.")
    put = flow.processor("Create invoices in Ottimate", P + "invoices.PutOttimateInvoice", {
        "Ottimate Connection Service": connection, "Input Strategy": "RECORDS", "Record Reader": reader, "Record Writer": outcome_writer,
        "Record Strategy": "PER_RECORD", "Local Fields": "erp_row_id",
    }, 0, 1, services=RECORD_SERVICES, terminate=("original",))
    write_back = flow.put_database_record("Write outcomes back to the rows", pool, reader, "erp_invoices", "UPDATE", "erp_row_id", 0, 2)
    wait = database_retry(flow, 1, 2)
    flow.connect(query, put, "success")
    flow.connect(put, write_back, "success", "failure")
    flow.connect(put, put, "retry")
    flow.connect(write_back, flow.output_port("written back", 0, 3), "success")
    flow.connect(write_back, wait, "failure")
    flow.connect(write_back, write_back, "retry")
    flow.connect(wait, write_back, "retry", label_at=(COLUMN / 2 + PROCESSOR_SIZE[0] / 2, 2 * ROW + PROCESSOR_SIZE[1] + 40))
    flow.connect(wait, flow.output_port("database failures", 1, 3), "retries_exceeded", "failure")
    flow.label("Table: templates/samples/erp-staging-schema.sql. Columns to Return are sent with the API's field names; erp_row_id "
               "is a Local Field, never sent. Each row then holds ottimate_id, or ottimate_error_code and ottimate_error_message. "
               "Rows are read once (by erp_row_id): fix a refused row by inserting it again.", 2, 0, 420, 160)
    return flow


FLOWS = [invoice_intake, invoice_export, master_data_sync, catalog_price_book, invoice_document_intake, approval_rules, vendor_enrichment,
         purchase_orders_and_receipts, invoices_to_erp_database, erp_database_to_ottimate]

if __name__ == "__main__":
    for build in FLOWS:
        build().write()
    shared = TEMPLATES / "shared" / "ottimate-connection.json"
    shared.parent.mkdir(exist_ok=True)
    shared.write_text(json.dumps(shared_connection(), indent=2) + "\n")
    print("wrote", shared.relative_to(TEMPLATES.parent))
