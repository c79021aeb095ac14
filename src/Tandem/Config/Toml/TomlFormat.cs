using System.Globalization;
using System.Text;

namespace Tandem.Config.Toml;

/// <summary>Writing TOML text: keys (bare when possible) and basic strings with escapes.</summary>
public static class TomlFormat
{
    public static bool IsBareKeyChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    public static bool IsBareKey(string key) => key.Length > 0 && key.All(IsBareKeyChar);

    /// <summary>One key part, quoted when it is not a valid bare key.</summary>
    public static string KeyPart(string key) => IsBareKey(key) ? key : String(key);

    /// <summary>A dotted key path such as <c>nodes."db 1".heartbeat</c>.</summary>
    public static string Key(IEnumerable<string> parts) => string.Join('.', parts.Select(KeyPart));

    /// <summary>A basic string literal with TOML escapes.</summary>
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
