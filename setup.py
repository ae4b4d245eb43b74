"""Packaging: the `recordsdesk` package, with the top-level resources/ folder as `recordsdesk.resources`."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["recordsdesk", "recordsdesk.*"]), "recordsdesk.resources"],
    package_dir={"recordsdesk.resources": "resources"},
)
