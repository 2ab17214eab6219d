"""The data model: records (pydantic), dates and the JSON schemas written from them."""
