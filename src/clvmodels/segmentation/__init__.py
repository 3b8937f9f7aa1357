"""CRM value frameworks and clustering."""
