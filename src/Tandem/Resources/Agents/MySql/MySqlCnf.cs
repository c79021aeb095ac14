namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// The server's options read from a my.cnf the way mysqld reads them: the groups <c>[mysqld]</c>, <c>[server]</c>,
/// <c>[mariadb]</c> and <c>[mariadbd]</c>, later settings winning, <c>!include FILE</c> and <c>!includedir DIR</c>
/// followed (a missing or unreadable include is a warning, not a crash). Option names are compared the way mysqld
/// does: lower case, '_' and '-' alike, a <c>loose-</c> prefix ignored.
/// </summary>
public sealed class MySqlCnf
{
    /// <summary>Option groups the server reads (MariaDB's mysqld reads all four).</summary>
    public static readonly IReadOnlyList<string> ServerGroups = ["mysqld", "server", "mariadb", "mariadbd"];

    /// <summary>Largest option file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Deepest chain of <c>!include</c>s followed.</summary>
    public const int MaxIncludeDepth = 10;

    readonly Dictionary<string, string?> options;

    internal MySqlCnf(string path, Dictionary<string, string?> options, IReadOnlyList<string> warnings)
    {
        Path = path;
        this.options = options;
        Warnings = warnings;
    }

    /// <summary>The file given (the top of the include tree).</summary>
    public string Path { get; }

    /// <summary>Problems that did not stop the read: missing includes, lines that are not options.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every server option, normalised name → value (null for a bare flag such as <c>skip-networking</c>).</summary>
    public IReadOnlyDictionary<string, string?> Options => options;

    /// <summary>The value of option <paramref name="name"/> ("pid-file", "pid_file" ...), or null when unset or a bare flag.</summary>
    public string? Get(string name) => options.TryGetValue(NormaliseName(name), out var v) ? v : null;

    /// <summary>Whether <paramref name="name"/> is set at all (with or without a value).</summary>
    public bool Has(string name) => options.ContainsKey(NormaliseName(name));

    /// <summary>Reads <paramref name="path"/>; throws <see cref="MySqlCnfException"/> when the file itself cannot be read.</summary>
    public static MySqlCnf Load(string path) => MySqlCnfReader.Read(path);

    /// <summary>Parses text as if it were the file <paramref name="path"/> (includes are resolved on disk).</summary>
    public static MySqlCnf Parse(string text, string path) => MySqlCnfReader.ReadText(text, path);

    /// <summary>mysqld's spelling rules: "Pid_File" and "loose-pid-file" are "pid-file".</summary>
    public static string NormaliseName(string name)
    {
        var n = name.Trim().ToLowerInvariant().Replace('_', '-');
        return n.StartsWith("loose-", StringComparison.Ordinal) ? n["loose-".Length..] : n;
    }
}

/// <summary>The option file itself cannot be read.</summary>
public sealed class MySqlCnfException(string message) : Exception(message);
