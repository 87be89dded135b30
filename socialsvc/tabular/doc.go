// Package tabular reads the spreadsheets people keep (CSV or XLSX) into
// typed records with row-level errors, imports them into a store all or
// none, writes CSV that a spreadsheet cannot run as formulas, and makes
// the import templates. It is what the HTTP API (package httpapi) and
// `refserver import` use, so a host program can import a city's file
// without HTTP:
//
//	ctx = store.WithActor(ctx, store.Actor{ID: "city-sync", Role: store.RoleSystem})
//	n, err := tabular.Import(ctx, s, "expenditure", file, tabular.Options{Project: "2sokrog"})
//
// # Kinds
//
// Attendance, Beneficiaries and Expenditure are the kinds of import
// (Kinds lists them). Each is a Kind[T] built from a Spec: columns named
// after the JSON fields of record T, a Parse of one row, an optional Key
// (the same record twice in one file), an optional Check against the store
// (an event's project, a beneficiary's organisation) and the store's
// import. A later kind is one more Spec. Kind.Read gives the typed
// records; Kind.Import writes them. Nothing is written when any row is
// wrong; the error then lists every wrong row, found by reading and by
// the store's rules, which run on the good rows in a transaction that is
// rolled back.
//
// # What a file may be
//
// CSV: the separator is ',', ';' or tab, whichever occurs most often
// outside quotes in the header line; a ';' file uses decimal commas, as
// Excel writes in a Croatian locale. Quoted values may span lines. A row
// with more or fewer fields than the header is a row error, never
// trimmed. Blank rows are skipped. Dates are 2024-12-31 or 31.12.2024.
// (the final dot optional).
//
// Encodings: UTF-8 (a byte-order mark is dropped). A file that is not
// valid UTF-8 is read as Windows-1250 or ISO-8859-2, which Croatian Excel
// saves, by a fixed rule: a file with a byte 0x80–0x9F is Windows-1250
// (Š Ž š ž live there; in ISO-8859-2 those bytes are control codes),
// any other is ISO-8859-2 (Š Ž š ž at 0xA9 0xAE 0xB9 0xBE; č ć đ Č Ć Đ
// are the same bytes in both). A file is refused, with the line of the
// problem, when it is UTF-16 or holds a NUL byte, when it mixes UTF-8
// Croatian letters with bytes that are not UTF-8 (damaged UTF-8), when it
// holds a byte Windows-1250 leaves undefined (0x81 0x83 0x88 0x90 0x98),
// or when it holds U+FFFD, the mark of an earlier failed conversion. No
// record ever receives U+FFFD from decoding.
//
// XLSX: the one sheet that holds data is read; a workbook may unpack to at
// most XLSXUnzipFactor times ReadOptions.MaxBytes (excelize's
// UnzipSizeLimit and UnzipXMLSizeLimit are set to that, and the sizes the
// zip directory declares are checked before anything is unpacked). A
// workbook is refused when it holds data on more than one sheet (hidden
// sheets count), hidden columns, macros, macro or dialog sheets, links to
// other workbooks, data connections or query tables, embedded objects,
// ActiveX or form controls; hidden rows and formula cells are row errors
// (paste values instead): what is imported is what the person sees. Old
// .xls and password-protected workbooks are refused with what to do.
//
// # Errors hold no data
//
// Errors are *socialsvc.Error values of code Invalid whose fields carry
// the line in the file (Row), the column (Field), a rule and messages in
// English and Croatian. They never repeat a value of the file: a column
// with an unknown name is named by its letter ("C"), since a file without
// a header line has a person's data on line 1.
//
// # Writing CSV
//
// Writer is the one CSV writer of the module (reports, import error
// reports, templates): every cell, headers and titles included, passes
// through SafeCell, which neutralises a value a spreadsheet would run as
// a formula and leaves plain numbers such as -12,50 as numbers.
//
// # Templates
//
// WriteTemplateCSV and WriteTemplateXLSX write, for a kind, the header,
// a line with the format each column accepts and an example row. Read
// skips that formats line when it is unchanged, so a filled-in template
// imports as it is.
package tabular
