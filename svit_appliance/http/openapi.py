"""The OpenAPI 3 document of the external API, built from the contract's problem table."""
from sanic.response import html, json

from ..resources import resource_path
from ..store.models import JOB_STATUSES
from .errors import PROBLEMS
from .paths import API_PATHS

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str, codes: list[str]) -> dict:
    return {
        "description": f"{description} ({', '.join(codes)})",
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                               "schema": {"type": "integer", "minimum": 1}}}


def _errors(*codes: str) -> dict:
    by_status: dict[str, list[str]] = {}
    for code in codes:
        by_status.setdefault(str(PROBLEMS[code].status), []).append(code)
    responses = {status: _problem(PROBLEMS[c[0]].title, c) for status, c in by_status.items()}
    if "429" in responses:
        responses["429"]["headers"] = RETRY_AFTER
    return responses


_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS = {
    "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail", "code", "timestamp"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "code": {"type": "string", "enum": list(PROBLEMS)},
            "timestamp": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"},
            "requestId": {"type": "string"},
            "hint": {"type": "string", "description": "What to fix, where detail is the reference's fixed sentence"},
            "errors": {
                "type": "array",
                "items": {"type": "object", "required": ["field", "message"],
                          "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
            },
        },
    },
    "Pong": {
        "type": "object", "required": ["status", "message"],
        "properties": {"status": {"const": "OK"}, "message": {"const": "Pong"}},
    },
    "JobAccepted": {
        "type": "object", "required": ["message", "jobId"],
        "properties": {"message": {"type": "string"}, "jobId": {"type": "string"},
                       "duplicate": {"type": "boolean"}},
    },
    "JobStatus": {
        "type": "object",
        "required": ["jobId", "integrationId", "status", "attempts", "receivedAt", "processedAt",
                     "personIds", "error", "warning"],
        "properties": {
            "jobId": {"type": "string"},
            "integrationId": {"type": "string"},
            "status": {"type": "string", "enum": list(JOB_STATUSES)},
            "attempts": {"type": "integer", "minimum": 0},
            "receivedAt": {"type": "string", "format": "date-time"},
            "processedAt": _NULLABLE_TIME,
            "personIds": {"type": "array", "items": {"type": "string"}},
            "error": {"type": ["string", "null"]},
            "warning": {"type": ["string", "null"],
                        "description": "Why a succeeded job produced no person, e.g. no person found"},
        },
    },
    "DryRun": {
        "type": "object", "required": ["dryRun", "persons", "warning"],
        "properties": {
            "dryRun": {"const": True},
            "persons": {"type": "array", "items": {
                "type": "object", "required": ["fields", "decision", "personId", "changes"],
                "properties": {
                    "fields": {"type": "object", "description": "The person as the job would store it: name, "
                               "firstName, lastName, email, emailTyped, phone, phoneTyped, company, attributes "
                               "(those present), and problems for values that could not be read"},
                    "decision": {"enum": ["new", "update"]},
                    "personId": {"type": ["string", "null"], "description": "The person it would update; null "
                                 "when new, or when it updates a person created earlier in the same body"},
                    "changes": {"type": "object", "description": "Field -> {from, to} the update would make",
                                "additionalProperties": {"type": "object", "required": ["from", "to"]}},
                },
            }},
            "warning": {"type": ["string", "null"],
                        "description": "Why no person would be written, e.g. the processor cannot read the body"},
        },
    },
    "FormSubmission": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "phone": {"type": "string"}, "email": {"type": "string"},
                       "message": {"type": "string"}, "company": {"type": "string"}},
        "additionalProperties": True,
    },
    "FormAccepted": {
        "type": "object", "required": ["personId", "message"],
        "properties": {"personId": {"type": "string"}, "message": {"type": "string"}},
    },
    "FormCheck": {
        "type": "object", "required": ["check", "tokenActive", "origin", "requiredFields"],
        "properties": {"check": {"const": True}, "tokenActive": {"const": True}, "origin": {"type": ["string", "null"]},
                       "requiredFields": {"type": "array", "items": {"type": "string"}}},
    },
    "Health": {"type": "object", "required": ["status"], "properties": {
        "status": {"type": "string"},
        "warnings": {"type": "array", "items": {"type": "string"},
                     "description": "/readyz: things an operator should look at (an overdue backup); still ready"}}},
}

_SERVER_AUTH = [{"serverToken": []}]
_CLIENT_AUTH = [{"clientToken": []}]


def _path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
            "description": description}


PATHS = {
    API_PATHS["ping"]: {
        "get": {
            "summary": "External API ping", "operationId": "ping", "security": _SERVER_AUTH,
            "responses": {"200": _json("Pong", {"$ref": "#/components/schemas/Pong"}),
                          **_errors("INVALID_SERVER_TOKEN")},
        },
    },
    API_PATHS["ingest"]: {
        "post": {
            "summary": "External data ingestion", "operationId": "ingest", "security": _SERVER_AUTH,
            "description": ("Stores the raw body durably and processes it asynchronously. An integration that "
                            "holds its provider's signing secret also accepts, without Authorization, a request "
                            "carrying a valid provider signature (Typeform-Signature, Tally-Signature, "
                            "X-Webflow-Signature, Calendly-Webhook-Signature, X-Shopify-Hmac-Sha256, "
                            "Stripe-Signature)."),
            "parameters": [
                _path_param("integrationId", "Integration identifier"),
                {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}},
                {"name": "dryRun", "in": "query", "required": False, "schema": {"enum": ["true", "false"]},
                 "description": "true: run every check, the processor and the dedupe match, answer 200 with "
                                "the persons that would be written, and write nothing"},
            ],
            "requestBody": {"required": True, "description": (
                "JSON is read from application/json, any +json type, text/plain (providers and "
                "navigator.sendBeacon post JSON as text/plain) or no Content-Type; other types get 415."),
                "content": {
                "application/json": {"schema": {}},
                "text/plain": {"schema": {"type": "string", "description": "a JSON document"}},
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
                "multipart/form-data": {"schema": {"type": "object"}},
            }},
            "responses": {"200": _json("Dry run (dryRun=true): what would be written; nothing was",
                                       {"$ref": "#/components/schemas/DryRun"}),
                          "202": _json("Ingestion job accepted", {"$ref": "#/components/schemas/JobAccepted"}),
                          **_errors("INVALID_REQUEST", "INTEGRATION_TYPE_NOT_SUPPORTED", "INVALID_SERVER_TOKEN",
                                    "INTEGRATION_NOT_FOUND", "INTEGRATION_DISABLED", "PAYLOAD_TOO_LARGE",
                                    "UNSUPPORTED_MEDIA_TYPE", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE")},
        },
    },
    API_PATHS["show_job"]: {
        "get": {
            "summary": "Ingestion job status", "operationId": "showJob", "security": _SERVER_AUTH,
            "parameters": [_path_param("jobId", "Job identifier returned by the ingestion call")],
            "responses": {"200": _json("Job status", {"$ref": "#/components/schemas/JobStatus"}),
                          **_errors("INVALID_SERVER_TOKEN", "JOB_NOT_FOUND")},
        },
    },
    API_PATHS["client_form"]: {
        "post": {
            "summary": "Submit external form", "operationId": "submitForm", "security": _CLIENT_AUTH,
            "description": "Creates (201) or merges into (200) a person synchronously. Unknown keys become "
                           "person attributes; pageUrl, referrer, utm_* and consent go to the timeline entry.",
            "parameters": [{"name": "Origin", "in": "header", "required": False, "schema": {"type": "string"},
                            "description": "Must be in the client token's allow-list when sent"},
                           {"name": "x-svit-check", "in": "header", "required": False, "schema": {"const": "1"},
                            "description": "form.js's check mode: once the token and origin pass, answer 200 with "
                                           "FormCheck, reading and storing nothing"}],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/FormSubmission"}},
                "text/plain": {"schema": {"type": "string", "description": "a JSON object, as with application/json"}},
                "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/FormSubmission"}},
            }},
            "responses": {"200": _json("Merged into an existing person (or, with x-svit-check, the check passed)",
                                       {"oneOf": [{"$ref": "#/components/schemas/FormAccepted"},
                                                  {"$ref": "#/components/schemas/FormCheck"}]}),
                          "201": _json("Person created", {"$ref": "#/components/schemas/FormAccepted"}),
                          **_errors("INVALID_REQUEST", "INVALID_CLIENT_TOKEN", "INVALID_CLIENT_ORIGIN",
                                    "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE", "RATE_LIMITED",
                                    "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE")},
        },
        "options": {
            "summary": "CORS preflight", "operationId": "submitFormPreflight", "security": [],
            "responses": {"204": {"description": "Preflight accepted for an origin some client token allows",
                                  "headers": {name: {"schema": {"type": "string"}} for name in (
                                      "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                                      "Access-Control-Allow-Headers", "Vary")}},
                          **_errors("INVALID_CLIENT_ORIGIN")},
        },
    },
    "/embed/form.js": {"get": {"summary": "The contact form script for site owners' pages", "operationId": "embedForm",
                               "security": [],
                               "responses": {"200": {"description": "JavaScript, never cached (it carries its load time)",
                                                     "content": {"text/javascript": {"schema": {"type": "string"}}}}}}},
    "/healthz": {"get": {"summary": "Liveness (503 only while starting up)", "operationId": "healthz", "security": [],
                         "responses": {"200": _json("Alive", {"$ref": "#/components/schemas/Health"}),
                                       **_errors("SERVICE_UNAVAILABLE")}}},
    "/readyz": {"get": {"summary": "Readiness: database and queue reachable", "operationId": "readyz",
                        "security": [],
                        "responses": {"200": _json("Ready", {"$ref": "#/components/schemas/Health"}),
                                      **_errors("SERVICE_UNAVAILABLE")}}},
    "/metrics": {"get": {"summary": "Prometheus metrics (text format); 404 unless SVIT_METRICS_TOKEN is set",
                         "operationId": "metrics", "security": [{"metricsToken": []}],
                         "responses": {"200": {"description": "Prometheus text exposition format 0.0.4",
                                               "content": {"text/plain": {"schema": {"type": "string"}}}},
                                       **_errors("INVALID_SERVER_TOKEN", "NOT_FOUND")}}},
    "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi", "security": [],
                                  "responses": {"200": _json("OpenAPI 3.1 document", {"type": "object"})}}},
    "/api/docs": {"get": {"summary": "This document as an interactive reference (Redoc, served offline)",
                          "operationId": "apiDocs", "security": [],
                          "responses": {"200": {"description": "HTML page",
                                                "content": {"text/html": {"schema": {"type": "string"}}}}}}},
}


def openapi_document(version: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "svit external API (Svit.One compatible)", "version": version},
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "serverToken": {"type": "http", "scheme": "bearer",
                                "description": "Project access token (svit_pat_...)"},
                "metricsToken": {"type": "http", "scheme": "bearer", "description": "SVIT_METRICS_TOKEN"},
                "clientToken": {"type": "apiKey", "in": "header", "name": "x-client-token",
                                "description": "Public client token (svit_ct_...) bound to allowed origins"},
            },
        },
    }


# Redoc renders with inline styles and a worker made from a blob; everything else is this origin's.
DOCS_CSP = ("default-src 'self'; script-src 'self' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'; "
            "frame-ancestors 'none'")
REDOC_SCRIPT = "web/static/vendor/redoc/redoc.standalone.js"


def setup_openapi(app) -> None:
    """The document at /api/openapi.json and its interactive reference at /api/docs, rendered
    by Redoc from files shipped with svit (no CDN: it works offline and from the binary)."""
    from .. import __version__

    document = openapi_document(__version__)
    page = resource_path("web/templates/api_docs.html").read_text(encoding="utf-8")

    async def serve_openapi(request):
        return json(document)

    async def serve_docs(request):
        return html(page, headers={"Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff"})

    app.add_route(serve_openapi, "/api/openapi.json", methods=["GET"], name="openapi")
    app.add_route(serve_docs, "/api/docs", methods=["GET"], name="api_docs")
    app.static("/api/docs/redoc.standalone.js", str(resource_path(REDOC_SCRIPT)), name="api_docs_redoc",
               content_type="text/javascript; charset=utf-8")
