"""ISO 4217 currency data (private).

Minor units follow ISO 4217 List One (active codes, amendments through 2025):
every code not listed in ``_MINOR_UNITS_EXCEPTIONS`` has 2 minor units. Funds codes
(BOV, CHE, CHW, COU, MXV, USN, UYI, UYW, CLF) are included because they appear on
invoices; precious metals, XDR, XSU, XUA, XTS and XXX are not (ISO gives them no
minor unit).

Cash increments, where cash is rounded more coarsely than the minor unit, follow
national practice as recorded in Unicode CLDR ``supplementalData.xml``
(``currencyData/fractions``: ``cashRounding`` / ``cashDigits``) and the central banks:
CHF and CAD 0.05, AUD 0.05, NZD 0.10, DKK 0.50, SEK, NOK and CZK 1.00, HUF 5.00.
"""

from __future__ import annotations

_ACTIVE = """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL
BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF
DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK
LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN
NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY
TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF
XPF YER ZAR ZMW ZWG
"""
ACTIVE_CODES: frozenset[str] = frozenset(_ACTIVE.split())


_MINOR_UNITS_EXCEPTIONS: dict[str, int] = {
    # zero minor units
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0,
    # three minor units
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    # four minor units
    "CLF": 4, "UYW": 4,
}  # fmt: skip

#: Cash increments in minor units, where coarser than one minor unit.
CASH_INCREMENTS: dict[str, int] = {
    "AUD": 5, "CAD": 5, "CHF": 5, "NZD": 10, "DKK": 50,
    "SEK": 100, "NOK": 100, "CZK": 100, "HUF": 500,
}  # fmt: skip

#: Codes withdrawn from ISO 4217 that users still meet, with their replacements.
WITHDRAWN: dict[str, str] = {
    "ANG": "XCG", "CUC": "CUP", "HRK": "EUR", "LTL": "EUR", "LVL": "EUR", "MRO": "MRU",
    "RMB": "CNY", "SLL": "SLE", "STD": "STN", "VEF": "VES", "ZWL": "ZWG", "BYR": "BYN",
}  # fmt: skip


def minor_units(code: str) -> int:
    """ISO 4217 minor units of an active code (2 unless listed as an exception)."""
    return _MINOR_UNITS_EXCEPTIONS.get(code, 2)
