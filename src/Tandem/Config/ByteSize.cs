using System.Globalization;

namespace Tandem.Config;

/// <summary>
/// Sizes in the config: a byte count (<c>"4096"</c> or the integer <c>4096</c>) or a number with a binary unit.
/// <c>K</c>, <c>M</c>, <c>G</c>, <c>T</c> are powers of 1024 exactly like <c>KiB</c>, <c>MiB</c>, <c>GiB</c>,
/// <c>TiB</c> (as in drbd.conf, so <c>"1G"</c> is 1073741824 bytes); <c>B</c> means bytes. Decimal units
/// (<c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>) are refused because they are easy to misread. Fractions are
/// allowed when the result is a whole number of bytes (<c>"1.5GiB"</c>).
/// </summary>
public static class ByteSize
{
    static readonly (string Unit, long Bytes)[] Units =
    [
        ("B", 1),
        ("K", 1L << 10), ("k", 1L << 10), ("KiB", 1L << 10),
        ("M", 1L << 20), ("MiB", 1L << 20),
        ("G", 1L << 30), ("GiB", 1L << 30),
        ("T", 1L << 40), ("TiB", 1L << 40),
    ];

    static readonly string[] FormatUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static bool TryParse(string text, out long value, out string error)
    {
        value = 0;
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] is '.' or '_'))
            split++;
        var number = s[..split].Replace("_", "");
        var unit = s[split..].TrimStart();
        if (number.Length == 0 || number[0] == '.' || number[^1] == '.' ||
            !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"\"{text}\" is not a size; write a number of bytes or a number and a unit, such as \"512MiB\" or \"30GiB\"";
            return false;
        }
        var scale = unit.Length == 0 ? 1 : Array.Find(Units, u => u.Unit == unit).Bytes;
        if (scale == 0)
        {
            error = unit.ToUpperInvariant() is "KB" or "MB" or "GB" or "TB"
                ? $"\"{text}\": decimal units are not accepted; write \"{number}{unit[0].ToString().ToUpperInvariant()}iB\" (powers of 1024) or a byte count"
                : $"unknown unit \"{unit}\" in \"{text}\"; use B, KiB, MiB, GiB or TiB (K, M, G, T mean the same)";
            return false;
        }
        if (amount > long.MaxValue / (decimal)scale)
        {
            error = $"\"{text}\" is too large";
            return false;
        }
        var bytes = amount * scale;
        if (bytes != decimal.Truncate(bytes))
        {
            error = $"\"{text}\" is not a whole number of bytes";
            return false;
        }
        value = (long)bytes;
        error = "";
        return true;
    }

    public static long Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>The largest binary unit that divides exactly: "30GiB", "4KiB", "1000" (bytes). Parses back to the same value.</summary>
    public static string Format(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes == 0)
            return "0";
        for (var i = FormatUnits.Length - 1; i > 0; i--)
        {
            var scale = 1L << (10 * i);
            if (bytes % scale == 0)
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / scale}{FormatUnits[i]}");
        }
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
