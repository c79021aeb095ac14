using System.Globalization;

namespace Tandem.Config.Toml;

/// <summary>TOML 1.0 "Integer" and "Float" (decimal, 0x/0o/0b, '_' between digits, inf/nan). Dates are refused.</summary>
public sealed partial class TomlParser
{
    TomlValue ParseNumber()
    {
        var at = Here;
        var start = pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '+' or '-' or '.' or ':'))
            pos++;
        var token = text[start..pos];
        if (LooksLikeDateOrTime(token))
            throw Fail(at, "dates and times are not supported in a Tandem config; durations are strings such as \"3s\"");
        var bad = Fail(at, $"\"{token}\" is not a valid number (strings need quotes: \"{token}\")");
        var sign = token[0] is '+' or '-' ? token[0] : '\0';
        var body = sign == '\0' ? token : token[1..];
        if (body is "inf" or "nan")
        {
            var v = body == "inf" ? double.PositiveInfinity : double.NaN;
            return new TomlFloat(sign == '-' ? -v : v, at);
        }
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (sign != '\0')
                throw Fail(at, $"\"{token}\": hexadecimal, octal and binary integers cannot have a sign");
            return new TomlInteger(ParseRadix(body[2..], body[1] switch { 'x' => 16, 'o' => 8, _ => 2 }, token, at), at);
        }
        if (!CheckUnderscores(body, hex: false) || body.Length == 0)
            throw bad;
        var plain = body.Replace("_", "");
        var isFloat = plain.AsSpan().ContainsAny(".eE");
        var intPart = plain.AsSpan(0, isFloat ? plain.AsSpan().IndexOfAny(".eE") : plain.Length);
        if (intPart.Length == 0 || !IsDigits(intPart) || (intPart.Length > 1 && intPart[0] == '0'))
            throw intPart.Length > 1 && intPart[0] == '0' && IsDigits(intPart)
                ? Fail(at, $"\"{token}\": leading zeros are not allowed in decimal numbers")
                : bad;
        if (!isFloat)
        {
            if (!long.TryParse(Signed(sign, plain), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                throw Fail(at, $"\"{token}\" does not fit in a 64-bit integer");
            return new TomlInteger(n, at);
        }
        if (!IsWellFormedFloat(plain.AsSpan(intPart.Length))
            || !double.TryParse(Signed(sign, plain), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            || double.IsInfinity(d))
            throw bad;
        return new TomlFloat(d, at);
    }

    /// <summary>After the integer part: optional ".digits", then optional "e[+-]digits".</summary>
    static bool IsWellFormedFloat(ReadOnlySpan<char> rest)
    {
        if (rest.Length > 0 && rest[0] == '.')
        {
            var end = 1;
            while (end < rest.Length && char.IsAsciiDigit(rest[end]))
                end++;
            if (end == 1)
                return false;
            rest = rest[end..];
        }
        if (rest.Length == 0)
            return true;
        if (rest[0] is not ('e' or 'E'))
            return false;
        rest = rest[1..];
        if (rest.Length > 0 && rest[0] is '+' or '-')
            rest = rest[1..];
        return rest.Length > 0 && IsDigits(rest);
    }

    long ParseRadix(string digits, int radix, string token, TomlPosition at)
    {
        if (!CheckUnderscores(digits, hex: radix == 16) || digits.Length == 0)
            throw Fail(at, $"\"{token}\" is not a valid number");
        ulong value = 0;
        foreach (var c in digits)
        {
            if (c == '_')
                continue;
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? (char.ToLowerInvariant(c) - 'a' + 10) : 99;
            if (d >= radix)
                throw Fail(at, $"\"{token}\" is not a valid base-{radix} number");
            if (value > (long.MaxValue - (ulong)d) / (ulong)radix)
                throw Fail(at, $"\"{token}\" does not fit in a 64-bit integer");
            value = value * (ulong)radix + (ulong)d;
        }
        return (long)value;
    }

    /// <summary>Each '_' must sit between two digits.</summary>
    static bool CheckUnderscores(string s, bool hex)
    {
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '_' && (i == 0 || i == s.Length - 1 || !IsDigit(s[i - 1], hex) || !IsDigit(s[i + 1], hex)))
                return false;
        return true;
    }

    static bool IsDigit(char c, bool hex) => hex ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c);

    static string Signed(char sign, string digits) => sign == '\0' ? digits : sign + digits;

    static bool IsDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    static bool LooksLikeDateOrTime(string token) =>
        (token.Length >= 5 && IsDigits(token.AsSpan(0, 4)) && token[4] == '-')
        || (token.Length >= 3 && IsDigits(token.AsSpan(0, 2)) && token[2] == ':');
}
