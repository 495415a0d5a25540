"""Reading plan files: YAML with source locations, then the plan model."""
