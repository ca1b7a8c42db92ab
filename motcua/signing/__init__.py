"""Digital signatures (chữ ký số): PAdES signing of results with pluggable key providers (key file,
PKCS#12; token or HSM, PKCS#11; remote signing service or agent), public verification, and the register
of signed e-results.

Public surface for other apps: ``services`` (``pdf_sign``, ``signing_session``, ``result_reference_new``,
``result_register``, ``result_status_update``), ``selectors`` (``pdf_verify``, ``result_by_reference``),
``providers`` (``key_provider``), ``stamp.Stamp``, ``exceptions``, ``constants``, and
``demo_pki.signing_demo_pki_ensure`` for the demo.
"""
