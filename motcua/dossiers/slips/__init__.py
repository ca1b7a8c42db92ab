"""Slips and records as PDFs (phiếu, sổ): forms 01–07 of Circular 03/2025/TT-VPCP (or the 2018 set)."""
