"""Formatters turn a report into bytes for people or machines; they never judge."""
