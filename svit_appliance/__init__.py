"""svit: a self-hosted CRM intake appliance speaking the Svit.One external API."""
__version__ = "0.2.0"
