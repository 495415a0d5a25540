"""The Dutch and French (and any configured language's) static sites."""
