namespace Tandem.Cli;

/// <summary>Thrown for a malformed command line (exit status 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown when a command is refused or fails (exit status 1); the message says what to do.</summary>
public sealed class CommandFailedException(string message) : Exception(message);

/// <summary>The command line split into words and options. Options may appear anywhere.</summary>
public sealed class ParsedArgs
{
    static readonly HashSet<string> Switches = ["--force", "--discard-my-data", "--json", "--help", "-h", "--quiet"];
    static readonly HashSet<string> Valued = ["--config", "--node"];

    readonly HashSet<string> _switches = [];
    readonly Dictionary<string, string> _values = [];

    public List<string> Words { get; } = [];

    public static ParsedArgs Parse(IReadOnlyList<string> args)
    {
        var p = new ParsedArgs();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            var eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0 && Valued.Contains(a[..eq]))
                p._values[a[..eq]] = a[(eq + 1)..];
            else if (Valued.Contains(a))
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"{a} needs a value");
                p._values[a] = args[++i];
            }
            else if (Switches.Contains(a))
                p._switches.Add(a == "-h" ? "--help" : a);
            else if (a.StartsWith('-') && a.Length > 1)
                throw new UsageException($"unknown option {a}");
            else
                p.Words.Add(a);
        }
        return p;
    }

    public bool Has(string flag) => _switches.Contains(flag);

    public string? Value(string option) => _values.GetValueOrDefault(option);

    /// <summary>Only these switches make sense for the command at hand; anything else is a usage error.</summary>
    public void Allow(params string[] flags)
    {
        foreach (var s in _switches)
            if (s != "--help" && s != "--quiet" && Array.IndexOf(flags, s) < 0)
                throw new UsageException($"{s} does not apply to '{string.Join(' ', Words)}'");
    }

    public string Word(int index, string what) =>
        index < Words.Count ? Words[index] : throw new UsageException($"missing {what}");

    public void NoMoreWordsAfter(int count)
    {
        if (Words.Count > count)
            throw new UsageException($"unexpected argument '{Words[count]}'");
    }
}
