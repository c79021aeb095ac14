namespace Tandem.Resources.Agents.MySql;

/// <summary>Line parser for my.cnf files (the syntax of MySQL's and MariaDB's option files).</summary>
static class MySqlCnfReader
{
    sealed class State(string top)
    {
        public readonly string Top = top;
        public readonly Dictionary<string, string?> Options = new(StringComparer.Ordinal);
        public readonly List<string> Warnings = [];
        public readonly HashSet<string> Open = new(StringComparer.Ordinal);
    }

    public static MySqlCnf Read(string path)
    {
        var state = new State(path);
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MySqlCnfException($"cannot read the MySQL option file {path}: {e.Message}; check the path in the mysql:: resource");
        }
        ReadFile(state, path, text, depth: 0);
        return new MySqlCnf(path, state.Options, state.Warnings);
    }

    public static MySqlCnf ReadText(string text, string path)
    {
        var state = new State(path);
        ReadFile(state, path, text, depth: 0);
        return new MySqlCnf(path, state.Options, state.Warnings);
    }

    static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length > MySqlCnf.MaxFileBytes)
            throw new IOException($"larger than {MySqlCnf.MaxFileBytes / 1024} KiB");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    static void ReadFile(State state, string path, string text, int depth)
    {
        var full = Path.GetFullPath(path);
        if (!state.Open.Add(full))
        {
            state.Warnings.Add($"{path}: included from itself; ignored");
            return;
        }
        var inServerGroup = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            var where = $"{path}:{lineNumber}";
            if (line[0] == '!')
            {
                Directive(state, path, line, where, depth);
                continue;
            }
            if (line[0] == '[')
            {
                var close = line.IndexOf(']');
                if (close < 0)
                {
                    state.Warnings.Add($"{where}: group header without ']'; ignored");
                    inServerGroup = false;
                    continue;
                }
                var group = line[1..close].Trim().ToLowerInvariant();
                inServerGroup = MySqlCnf.ServerGroups.Contains(group);
                continue;
            }
            if (!inServerGroup)
                continue;
            var (name, value) = SplitOption(line);
            if (name.Length == 0)
            {
                state.Warnings.Add($"{where}: not an option; ignored");
                continue;
            }
            state.Options[MySqlCnf.NormaliseName(name)] = value;
        }
        state.Open.Remove(full);
    }

    static void Directive(State state, string path, string line, string where, int depth)
    {
        var space = line.IndexOfAny([' ', '\t']);
        var word = space < 0 ? line : line[..space];
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        if (word is not ("!include" or "!includedir") || argument.Length == 0)
        {
            state.Warnings.Add($"{where}: unknown directive \"{line}\"; ignored");
            return;
        }
        if (depth + 1 > MySqlCnf.MaxIncludeDepth)
        {
            state.Warnings.Add($"{where}: includes nested deeper than {MySqlCnf.MaxIncludeDepth}; \"{argument}\" ignored");
            return;
        }
        var target = Path.IsPathRooted(argument) ? argument : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/", argument);
        if (word == "!include")
        {
            Include(state, target, where, depth);
            return;
        }
        string[] files;
        try
        {
            files = Directory.GetFiles(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            state.Warnings.Add($"{where}: cannot list {target}: {e.Message}; ignored");
            return;
        }
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
            if (file.EndsWith(".cnf", StringComparison.Ordinal))
                Include(state, file, where, depth);
    }

    static void Include(State state, string file, string where, int depth)
    {
        string text;
        try
        {
            text = ReadBounded(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            state.Warnings.Add($"{where}: cannot read included {file}: {e.Message}; ignored");
            return;
        }
        ReadFile(state, file, text, depth + 1);
    }

    /// <summary>"name", "name = value", "name=value # comment", "name = 'quoted # value'".</summary>
    static (string Name, string? Value) SplitOption(string line)
    {
        var eq = line.IndexOf('=');
        if (eq < 0)
        {
            var bare = StripComment(line).Trim();
            return (bare.Any(char.IsWhiteSpace) ? "" : bare, null);
        }
        var name = line[..eq].Trim();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            return ("", null);
        return (name, Value(line[(eq + 1)..].Trim()));
    }

    static string Value(string text)
    {
        if (text.Length >= 1 && text[0] is '\'' or '"')
        {
            var quote = text[0];
            var close = text.IndexOf(quote, 1);
            if (close > 0)
                return Unescape(text[1..close]);
        }
        return Unescape(StripComment(text).Trim());
    }

    static string StripComment(string text)
    {
        var hash = text.IndexOf('#');
        return hash < 0 ? text : text[..hash];
    }

    /// <summary>The escapes option files know: \n \t \r \b \s \" \' \\.</summary>
    static string Unescape(string text)
    {
        if (!text.Contains('\\'))
            return text;
        var b = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                b.Append(text[i]);
                continue;
            }
            var c = text[++i];
            b.Append(c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 's' => ' ', _ => c });
        }
        return b.ToString();
    }
}
