"""The plan model: pydantic models for every kind of plan file."""
