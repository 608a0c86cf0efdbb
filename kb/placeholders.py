"""The placeholder grammar of handbook answers, shared by the drafts (suggest) and the public
FAQ pages, so both read the same spellings."""

import re

#: "{name}", "{{name}}" and "{ name }" are all accepted spellings in handbook answers.
PLACEHOLDER = re.compile(r"\{\{?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}?\}")
PERSON_NAMES = ("customer_first_name", "agent_first_name")
