using System.Globalization;

namespace Tandem.Config;

/// <summary>
/// Durations in the config are strings: a non-negative number (decimals allowed) and a unit, <c>ms</c>, <c>s</c>,
/// <c>m</c> or <c>h</c>: <c>"500ms"</c>, <c>"3s"</c>, <c>"1.5s"</c>, <c>"1m"</c>. The result must be a whole
/// number of milliseconds and at most 365 days. A bare number is refused: Heartbeat read bare numbers as seconds,
/// which is exactly the kind of guess a config should not make.
/// </summary>
public static class Duration
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(365);

    static readonly (string Unit, long Ms)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = default;
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.'))
            split++;
        var number = s[..split];
        var unit = s[split..].TrimStart();
        if (number.Length == 0 || number[0] == '.' || number[^1] == '.' ||
            !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"\"{text}\" is not a duration; write a number and a unit, such as \"500ms\", \"3s\" or \"1m\"";
            return false;
        }
        if (unit.Length == 0)
        {
            error = $"\"{text}\" has no unit; write \"{number}s\" for seconds or \"{number}ms\" for milliseconds";
            return false;
        }
        var scale = Array.Find(Units, u => u.Unit == unit).Ms;
        if (scale == 0)
        {
            error = $"unknown unit \"{unit}\" in \"{text}\"; use ms, s, m or h";
            return false;
        }
        var ms = amount * scale;
        if (ms > (decimal)Max.TotalMilliseconds)
        {
            error = $"\"{text}\" is longer than the longest accepted duration, 365 days";
            return false;
        }
        if (ms != decimal.Truncate(ms))
        {
            error = $"\"{text}\" is not a whole number of milliseconds";
            return false;
        }
        value = TimeSpan.FromMilliseconds((long)ms);
        error = "";
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>The shortest exact form in the largest unit: 500ms, 1500ms, 3s, 90s, 2m, 1h. Parses back to the same value.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms == 0)
            return "0s";
        for (var i = Units.Length - 1; i > 0; i--)
            if (ms % Units[i].Ms == 0)
                return string.Create(CultureInfo.InvariantCulture, $"{ms / Units[i].Ms}{Units[i].Unit}");
        return string.Create(CultureInfo.InvariantCulture, $"{ms}ms");
    }
}
