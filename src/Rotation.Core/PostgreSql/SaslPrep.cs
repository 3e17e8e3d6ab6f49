using System.Globalization;
using System.Text;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// What PostgreSQL's SASLprep (RFC 4013) does to a password, for the cases this process can decide without Unicode
/// normalization data: the operator runs with invariant globalization (no ICU), where .NET's NFKC is a silent no-op.
/// </summary>
internal static class SaslPrep
{
    /// <summary>
    /// Whether SASLprep fails on a string holding this character (tables C.2 to C.9, and unassigned code points), which
    /// makes PostgreSQL, libpq and Npgsql use the password's raw bytes instead. "Commonly mapped to nothing" characters
    /// (table B.1) and U+200B (mapped to a space) are removed or replaced before the check, so they do not count.
    /// </summary>
    public static bool Prohibits(Rune rune) =>
        Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => true,
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
            UnicodeCategory.Format => !IsMappedToNothing(rune.Value) && rune.Value != 0x200B,
            _ => rune.Value is (>= 0xFFF9 and <= 0xFFFD) or (>= 0x2FF0 and <= 0x2FFB),
        };

    /// <summary>
    /// Whether SASLprep leaves this character as it is in any string of such characters: it is not mapped (B.1, C.1.2), NFKC
    /// keeps it (no compatibility decomposition; a canonical one recomposes), and it composes with nothing (no combining
    /// marks, no Hangul jamo). A deliberately short list of the letters and punctuation people type: Latin-1 and Latin
    /// Extended-A, Greek, Cyrillic, CJK ideographs, kana, Hangul syllables and some common punctuation.
    /// </summary>
    public static bool LeavesAlone(Rune rune) => rune.Value switch
    {
        < 0x80 => true,
        >= 0x00A1 and <= 0x00A7 or 0x00A9 or 0x00AB or 0x00AC or 0x00AE or 0x00B0 or 0x00B1 or 0x00B6 or 0x00B7 or 0x00BB => true,
        >= 0x00BF and <= 0x00FF => true,
        >= 0x0100 and <= 0x017F => rune.Value is not (0x0132 or 0x0133 or 0x013F or 0x0140 or 0x0149 or 0x017F),
        0x0386 or (>= 0x0388 and <= 0x038A) or 0x038C or (>= 0x038E and <= 0x03A1) or (>= 0x03A3 and <= 0x03CE) => true,
        >= 0x0400 and <= 0x045F => true,
        0x2013 or 0x2014 or 0x2018 or 0x2019 or 0x201C or 0x201D or (>= 0x2020 and <= 0x2022) or 0x20AC => true,
        (>= 0x3001 and <= 0x3003) or (>= 0x3008 and <= 0x3011) => true,
        (>= 0x3041 and <= 0x3096) or (>= 0x30A1 and <= 0x30FC) => true,
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) => true,
        >= 0xAC00 and <= 0xD7A3 => true,
        _ => false,
    };

    /// <summary>Table B.1: "commonly mapped to nothing".</summary>
    private static bool IsMappedToNothing(int c) =>
        c is 0x00AD or 0x034F or 0x1806 or (>= 0x180B and <= 0x180D) or (>= 0x200C and <= 0x200D) or 0x2060
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF;
}
