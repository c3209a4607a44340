"""Comparing documents and cities: text reuse, the city panel and the HTML report."""
