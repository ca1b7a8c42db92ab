"""A real OpenID Connect provider for tests (see ``fixtures``)."""

import pytest

# Test modules import helpers from the plugin module as well as loading it: rewrite its asserts either way.
pytest.register_assert_rewrite("tests.oidc.fixtures")
