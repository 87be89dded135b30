package tabular

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Encodings a CSV file is read in (Table.Encoding).
const (
	UTF8        = "UTF-8"
	Windows1250 = "windows-1250"
	ISO88592    = "ISO-8859-2"
)

// undefined1250 are the bytes Windows-1250 leaves undefined: a file that
// holds one is in neither encoding.
var undefined1250 = [256]bool{0x81: true, 0x83: true, 0x88: true, 0x90: true, 0x98: true}

// utf8Croatian are the UTF-8 encodings of č ć đ š ž Č Ć Đ Š Ž. In
// Windows-1250 and ISO-8859-2 the same byte pairs read as "Ä" or "Ĺ"
// followed by a symbol, which no Croatian text holds, so a file that has
// them and also bytes that are not UTF-8 is damaged UTF-8, not a legacy
// encoding.
var utf8Croatian = [][]byte{
	[]byte("č"), []byte("ć"), []byte("đ"), []byte("š"), []byte("ž"),
	[]byte("Č"), []byte("Ć"), []byte("Đ"), []byte("Š"), []byte("Ž"),
}

// decode returns the text of a CSV file as UTF-8 and the encoding it was
// read in. The rule, applied in this order, is deterministic:
//
//  1. A UTF-16 byte-order mark, or a NUL byte anywhere, is refused: the
//     file is UTF-16 or not text.
//  2. Valid UTF-8 (an optional byte-order mark dropped) is UTF-8.
//  3. Bytes that are not UTF-8 together with a UTF-8 Croatian letter:
//     damaged UTF-8 (two encodings mixed), refused at the first bad line.
//  4. Any byte 0x80–0x9F: Windows-1250, which puts Š Ž š ž there; in
//     ISO-8859-2 they are C1 control codes that no text holds. The five
//     bytes Windows-1250 leaves undefined are refused with their line.
//  5. Otherwise ISO-8859-2: it has Š Ž š ž at 0xA9 0xAE 0xB9 0xBE, and č
//     ć đ Č Ć Đ sit at the same bytes in both encodings, so a Croatian
//     text without bytes 0x80–0x9F reads the same in either.
//
// The decoded text never holds U+FFFD, and a UTF-8 file that already has
// one is refused: it is the mark of an earlier failed conversion.
func decode(b []byte) (string, string, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "", "", encodingErr(1, "utf16", "err.utf16", nil)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", "", encodingErr(lineAt(b, i), "binary", "err.binary", nil)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		if i := bytes.Index(b, []byte("\uFFFD")); i >= 0 {
			return "", "", encodingErr(lineAt(b, i), "replacement_char",
				"err.replacement_char", nil)
		}
		return string(b), UTF8, nil
	}
	bad := firstInvalidUTF8(b)
	for _, l := range utf8Croatian {
		if bytes.Contains(b, l) {
			return "", "", encodingErr(lineAt(b, bad), "encoding",
				"err.encoding", nil)
		}
	}
	enc, name := charmap.ISO8859_2, ISO88592
	for _, c := range b {
		if c >= 0x80 && c <= 0x9F {
			enc, name = charmap.Windows1250, Windows1250
			break
		}
	}
	if name == Windows1250 {
		for i, c := range b {
			if undefined1250[c] {
				return "", "", encodingErr(lineAt(b, i), "encoding",
					"err.encoding_2", socialsvc.Args{"Byte": strconv.FormatUint(uint64(c), 16)})
			}
		}
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil || bytes.Contains(out, []byte("\uFFFD")) {
		// Not reached with the checks above; kept so that a decoder that
		// replaces a byte can never store U+FFFD.
		return "", "", encodingErr(lineAt(b, bad), "encoding", "err.encoding_3", socialsvc.Args{"Name": name})
	}
	return string(out), name, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// lineAt is the 1-based line of byte offset i of b.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }

func encodingErr(line int, rule, id string, args socialsvc.Args) error {
	f := socialsvc.NewFieldError("file", rule, id, args).AtRow(line)
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the file's text encoding cannot be read: " + f.Message, Fields: []socialsvc.FieldError{f}}
}
