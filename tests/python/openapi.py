"""schemas/openapi.json is a valid OpenAPI 3.1 document (openapi-spec-validator)."""

import json
import sys
from pathlib import Path

from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent.parent
document = json.loads((ROOT / "schemas" / "openapi.json").read_text())
validate(document)
print(f"openapi-spec-validator: schemas/openapi.json is valid OpenAPI {document['openapi']}")
sys.exit(0)
