"""Quotewright: a pricing calculator and quote builder for companies that sell AI work.

Importing the package does nothing but name its version: the front ends
start in `entry.py`, which also makes the process-wide settings.
"""

__version__ = "0.1.0"
