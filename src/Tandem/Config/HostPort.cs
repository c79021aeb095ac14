using System.Globalization;

namespace Tandem.Config;

/// <summary>"host:port" endpoints as written in the config; IPv6 hosts go in brackets: "[fe80::1]:7788".</summary>
public static class HostPort
{
    /// <param name="examplePort">The port used in the examples of error messages.</param>
    public static bool TryParse(string text, out string host, out int port, out string error, int examplePort = 7788)
    {
        host = "";
        port = 0;
        int colon;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"\"{text}\" is not host:port; write an IPv6 address as \"[fe80::1]:{examplePort}\"";
                return false;
            }
            host = text[1..close];
            colon = close + 1;
        }
        else
        {
            colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"\"{text}\" has no port; write host:port, such as \"{text}:{examplePort}\"";
                return false;
            }
            host = text[..colon];
            if (host.Contains(':'))
            {
                error = $"\"{text}\": put an IPv6 address in brackets, such as \"[{host}]:{text[(colon + 1)..]}\"";
                return false;
            }
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '[' or ']'))
        {
            error = $"\"{text}\" does not name a host; write host:port, such as \"192.168.0.10:{examplePort}\"";
            return false;
        }
        var portText = text[(colon + 1)..];
        if (portText.Length is 0 or > 5 || portText.Any(c => !char.IsAsciiDigit(c))
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            error = $"\"{text}\": the port must be a number from 1 to 65535";
            return false;
        }
        error = "";
        return true;
    }
}
