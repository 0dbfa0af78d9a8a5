"""What every sheet builder shares: the workbook being built, and how a sheet is finished
(protection, print setup, frozen panes)."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.rules import Lists
from evalsoc.referentiel.model import Referentiel

__all__ = ["Book", "finish_sheet"]

HEADER_LIMIT = 200  # Excel refuses headers and footers over 255 characters in all


@dataclass
class Book:
    """A workbook under construction, with its référentiel and its hidden lists sheet."""

    wb: Workbook
    referentiel: Referentiel
    lists: Lists
    header: str

    @classmethod
    def new(cls, referentiel: Referentiel, header: str) -> Book:
        wb = Workbook()
        _default_font(wb)
        lists = wb.active
        assert lists is not None  # a new workbook always has one sheet
        lists.title = layout.LISTS_SHEET
        lists.sheet_state = "hidden"
        return cls(wb, referentiel, Lists(lists), header)

    def sheet(self, title: str) -> Worksheet:
        """A new visible sheet, placed before the hidden ones."""
        ws: Worksheet = self.wb.create_sheet(title, index=self._first_hidden())
        return ws

    def _first_hidden(self) -> int:
        states = [ws.sheet_state for ws in self.wb.worksheets]
        return next((i for i, s in enumerate(states) if s != "visible"), len(states))


def _default_font(wb: Workbook) -> None:
    """Arial 10 as the workbook's default font. Column widths are counted in digits of
    that font: Calibri is missing from many LibreOffice installations and its substitute
    is wider, while Arial's (Liberation Sans) metrics are the same everywhere. openpyxl
    has no public setter for it."""
    wb._fonts = IndexedList([styles.NORMAL])  # type: ignore[attr-defined]
    wb._named_styles["Normal"].font = styles.NORMAL  # type: ignore[attr-defined]


def _escape(text: str) -> str:
    return text.replace("&", "&&")[:HEADER_LIMIT]


def _header_footer(header: HeaderFooterItem | None, footer: HeaderFooterItem | None,
                   book: Book) -> None:
    if header is None or footer is None:  # openpyxl always creates both
        return
    header.center.text, header.center.size = _escape(book.header), 9
    footer.left.text = _escape(f"{book.referentiel.title} ({book.referentiel.ref})")
    footer.left.size = 8
    footer.right.text, footer.right.size = "Page &P / &N", 8


def finish_sheet(ws: Worksheet, book: Book, *, landscape: bool, title_rows: str | None,
                 freeze: str | None) -> None:
    """Protect (no password; only unlocked cells can be typed in), and set up printing:
    A4, one page wide, header with the structure's name, page numbers."""
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                    selectLockedCells=False, selectUnlockedCells=False)
    setup = ws.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25,
                                  footer=0.25)
    if title_rows:
        ws.print_title_rows = title_rows
    _header_footer(ws.oddHeader, ws.oddFooter, book)
    if freeze:
        ws.freeze_panes = freeze
