"""The domain: catalog and quote models, money and the pricing engine.

No Qt, no spreadsheet or PDF library, no file or network I/O lives here.
"""

from .catalog import Catalog
from .errors import InvalidInput
from .pricing import price_quote
from .quote import Quote
from .result import PricedQuote

__all__ = ["Catalog", "InvalidInput", "PricedQuote", "Quote", "price_quote"]
