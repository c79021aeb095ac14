using System.Diagnostics.CodeAnalysis;

namespace Tandem.Resources.Specs;

/// <summary>
/// Parses haresources-style resource strings (CONTRACT.md): arguments are separated by <c>::</c>, the first part
/// names the agent. Messages say what is wrong and what to write instead.
/// </summary>
public static partial class ResourceSpecParser
{
    /// <summary>Longest resource string accepted (a real one is well under 200 characters).</summary>
    public const int MaxLength = 4096;

    /// <summary>Names with a built-in agent (a script of the same name is never looked up).</summary>
    public static readonly IReadOnlyList<string> BuiltIns = ["IPaddr", "IPaddr2", "volume", "Filesystem", "mysql"];

    public static ResourceSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new ResourceSpecException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out ResourceSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        try
        {
            spec = ParseOrThrow(text);
            error = null;
            return true;
        }
        catch (ResourceSpecException e)
        {
            error = e.Message;
            return false;
        }
    }

    static ResourceSpec ParseOrThrow(string text)
    {
        var id = text.Trim();
        if (id.Length == 0)
            throw Bad("a resource cannot be empty; write one such as \"IPaddr::192.168.0.88/24/eth1\" or remove it");
        if (id.Length > MaxLength)
            throw Bad($"a resource string is limited to {MaxLength} characters");
        if (id.Any(char.IsControl))
            throw Bad("a resource string cannot contain control characters (tabs, line breaks); write it on one line");
        var parts = id.Split("::");
        var head = parts[0];
        var args = parts[1..];
        if (head.Length > 0 && char.IsAsciiDigit(head[0]))
            return args.Length == 0 ? IpAddress(id, head)
                : throw Bad($"an address takes no \"::\" arguments; write IPaddr::{head}/BITS/NIC");
        return head switch
        {
            "" => throw Bad("a resource starts with its agent or script name, such as IPaddr::, Filesystem:: or ocf:heartbeat:Dummy"),
            "IPaddr" or "IPaddr2" => IpAddress(id, Single(head, args, "IPaddr::192.168.0.88/24/eth1")),
            "volume" => Volume(id, Single(head, args, "volume::r0")),
            "Filesystem" => Filesystem(id, args),
            "mysql" => MySql(id),
            _ when head.StartsWith("ocf:", StringComparison.Ordinal) => Ocf(id, head, args),
            _ when head.StartsWith("systemd:", StringComparison.Ordinal) => Systemd(id, head, args),
            "ocf" or "systemd" => throw Bad($"write {head}:... with a single colon, such as {(head == "ocf" ? "ocf:heartbeat:Dummy" : "systemd:nginx.service")}"),
            _ => Script(id, head, args),
        };
    }

    static string Single(string head, string[] args, string example)
    {
        if (args.Length == 0 || args[0].Trim().Length == 0)
            throw Bad($"{head} needs an argument; write {example}");
        if (args.Length > 1)
            throw Bad($"{head} takes one argument, found {args.Length} (\"{string.Join("::", args)}\"); write {example}");
        return args[0];
    }

    static VolumeSpec Volume(string id, string name)
    {
        if (name.Length > 64 || name[0] is '.' or '-' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw Bad($"\"{name}\" is not a volume name; use the name of a [volumes.NAME] section, such as volume::r0");
        return new VolumeSpec(id, name);
    }

    static MySqlSpec MySql(string id)
    {
        try
        {
            return new MySqlSpec(id, Agents.MySql.MySqlAgentOptions.Parse(id));
        }
        catch (ArgumentException e)
        {
            throw Bad(e.Message);
        }
    }

    static ResourceSpecException Bad(string message) => new(message);
}
