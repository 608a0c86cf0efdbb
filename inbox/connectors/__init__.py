"""The connectors, by name (Conversation.connector)."""

from inbox.connectors.base import Connector
from inbox.connectors.chatwoot import ChatwootConnector
from inbox.connectors.email import EmailConnector
from inbox.connectors.meta import MetaConnector
from inbox.connectors.signed import SignedConnector
from inbox.connectors.x import XConnector

CONNECTORS: dict[str, Connector] = {c.name: c for c in (
    MetaConnector(), ChatwootConnector(), SignedConnector(), XConnector(), EmailConnector())}


def get(name: str) -> Connector:
    return CONNECTORS[name]
