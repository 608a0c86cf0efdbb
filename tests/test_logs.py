"""Access logs never hold what a customer typed (issue 15, finding 10): the query string of
"/help/?q=…" is their words, sometimes their phone number."""

import ast
import logging
from datetime import timedelta
from pathlib import Path

from gunicorn import glogging
from gunicorn.config import Config

TYPED = "q=ring+meg+p%C3%A5+912+34+567"


def _gunicorn_setting(name: str):
    conf = Path(__file__).resolve().parent.parent / "project" / "gunicorn.conf.py"
    for node in ast.parse(conf.read_text()).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == name:
            return ast.literal_eval(node.value)
    raise LookupError(name)


class _Response:
    status = "200 OK"
    sent = 1234
    headers = ()


def test_gunicorn_access_log_has_the_path_but_not_the_query():
    cfg = Config()
    cfg.set("access_log_format", _gunicorn_setting("access_log_format"))
    logger = glogging.Logger(cfg)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/help/?{TYPED}", "PATH_INFO": "/help/",
               "QUERY_STRING": TYPED, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
               "HTTP_REFERER": f"https://help.example/help/?{TYPED}", "HTTP_USER_AGENT": "t"}
    atoms = glogging.SafeAtoms(logger.atoms(_Response(), {}, environ, timedelta(seconds=0.1)))
    line = cfg.access_log_format % atoms
    assert '"GET /help/ HTTP/1.1" 200' in line
    assert "912" not in line and "ring" not in line


def test_development_server_log_has_the_path_but_not_the_query():
    """`make run` (runserver) logs every request through the `django.server` logger."""
    logger = logging.getLogger("django.server")
    ours = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert ours and not logger.propagate
    for handler in ours:
        record = logger.makeRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                                   (f"GET /help/?{TYPED} HTTP/1.1", "200", "1234"), None)
        assert handler.filter(record)
        line = handler.format(record)
        assert "GET /help/?… HTTP/1.1" in line and "912" not in line
