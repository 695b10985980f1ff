"""The day-of report of a convening and the report of a series, as PDFs in the style of OCPSC's California
Connects report (ReportLab, the bundled Noto fonts, HarfBuzz shaping). Qt-free."""
