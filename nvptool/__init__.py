"""nvptool: the Belgian National Security Plan as data, checked, published and compared."""

__version__ = "0.1.0"
