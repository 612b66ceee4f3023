"""The OpenAPI document as the tests' oracle: the operation a request names, and whether a live
response is one the document declares (status, headers, body schema)."""
import re

from openapi_schema_validator import OAS31Validator


def operation_for(document: dict, method: str, path: str) -> dict:
    for template, operations in document["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def assert_matches_document(document: dict, response) -> None:
    request = response.request
    operation = operation_for(document, request.method, request.url.path)
    declared = operation["responses"].get(str(response.status_code))
    assert declared, f"{request.method} {request.url.path} answered {response.status_code}, not documented"
    for header in declared.get("headers", {}):
        assert header.lower() in response.headers, f"{request.method} {request.url.path} lacks {header}"
    if "content" not in declared:
        assert response.content == b""
        return
    content_type = response.headers["content-type"].split(";")[0]
    schema = declared["content"][content_type]["schema"]
    body = response.json() if "json" in content_type else response.text
    OAS31Validator({**schema, "components": document["components"]}).validate(body)
