using System.Net;

namespace Tandem.Config.Import;

/// <summary>One /etc/hosts line: an address and its names.</summary>
public sealed record HostsEntry(string Address, IReadOnlyList<string> Names, SourceLine At);

/// <summary>Reads /etc/hosts (<c>ADDRESS NAME [ALIAS...]</c>); used only to tell which node owns which address.</summary>
public static class HostsReader
{
    public static List<HostsEntry> Read(ImportFile file, ImportDiagnostics diag)
    {
        var entries = new List<HostsEntry>();
        var lines = file.Lines();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var hash = text.IndexOf('#');
            if (hash >= 0)
                text = text[..hash];
            var words = text.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            var at = file.At(i + 1);
            if (!IPAddress.TryParse(words[0], out _))
                diag.Error(at, $"\"{words[0]}\" is not an IP address; a hosts line is ADDRESS NAME [ALIAS...]");
            else if (words.Length == 1)
                diag.Error(at, $"{words[0]} has no name; a hosts line is ADDRESS NAME [ALIAS...]");
            else
                entries.Add(new HostsEntry(words[0], words[1..], at));
        }
        return entries;
    }
}
