namespace Tandem.Config.Import;

/// <summary>One haresources line: the preferred node, then the resources in start order.</summary>
public sealed record HaResourcesLine(string Node, IReadOnlyList<string> Resources, SourceLine At);

/// <summary>
/// Reads Heartbeat's haresources: <c>NODE RESOURCE...</c>, one group per line, a trailing backslash continues a
/// line, <c>#</c> at the start of a word starts a comment.
/// </summary>
public static class HaResourcesReader
{
    public static List<HaResourcesLine> Read(ImportFile file, ImportDiagnostics diag)
    {
        var groups = new List<HaResourcesLine>();
        var lines = file.Lines();
        for (var i = 0; i < lines.Length; i++)
        {
            var at = file.At(i + 1);
            var words = new List<string>();
            var line = lines[i];
            while (true)
            {
                var trimmed = line.TrimEnd(' ', '\t', '\r');
                var continued = trimmed.EndsWith('\\');
                if (!AddWords(words, continued ? trimmed[..^1] : trimmed) || !continued)
                    break;
                if (++i >= lines.Length)
                {
                    diag.Error(at, "the last line ends with a backslash but nothing follows");
                    break;
                }
                line = lines[i];
            }
            if (words.Count == 0)
                continue;
            if (words[0].Contains("::", StringComparison.Ordinal))
            {
                diag.Error(at, $"a haresources line starts with the node that prefers the group (as uname -n prints it), found the resource \"{words[0]}\"");
                continue;
            }
            if (words.Count == 1)
                diag.Warn(at, $"node {words[0]} has no resources on this line; imported as an empty group");
            groups.Add(new HaResourcesLine(words[0], words[1..], at));
        }
        return groups;
    }

    /// <summary>Adds the words of <paramref name="text"/>; false when a comment ended the line (no continuation).</summary>
    static bool AddWords(List<string> words, string text)
    {
        foreach (var w in text.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (w.StartsWith('#'))
                return false;
            words.Add(w);
        }
        return true;
    }
}
