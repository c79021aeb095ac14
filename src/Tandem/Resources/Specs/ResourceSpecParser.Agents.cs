namespace Tandem.Resources.Specs;

/// <summary>External agents: OCF, systemd and LSB/Heartbeat scripts.</summary>
public static partial class ResourceSpecParser
{
    static OcfSpec Ocf(string id, string head, string[] args)
    {
        var f = head.Split(':');
        if (f.Length != 3 || !IsAgentName(f[1]) || !IsAgentName(f[2]))
            throw Bad($"\"{head}\" is not an OCF agent; write ocf:PROVIDER:TYPE such as ocf:heartbeat:Dummy (files in /usr/lib/ocf/resource.d/PROVIDER/TYPE)");
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            var key = eq < 0 ? arg : arg[..eq];
            if (eq <= 0 || !IsParameterName(key))
                throw Bad($"OCF parameter \"{arg}\" must be key=value with a key of letters, digits and '_', such as ocf:heartbeat:Dummy::state=/run/dummy.state");
            if (parameters.Any(p => p.Key == key))
                throw Bad($"OCF parameter {key} is given twice; keep one");
            parameters.Add(new(key, arg[(eq + 1)..]));
        }
        return new OcfSpec(id, f[1], f[2], parameters);
    }

    static SystemdSpec Systemd(string id, string head, string[] args)
    {
        var unit = head["systemd:".Length..];
        if (args.Length > 0)
            throw Bad($"systemd units take no \"::\" arguments; write systemd:{unit} and configure the unit itself");
        if (unit.Length is 0 or > 255 || unit.Any(c => char.IsWhiteSpace(c) || c == '/'))
            throw Bad($"\"{unit}\" is not a systemd unit name; write systemd:UNIT such as systemd:nginx.service");
        return new SystemdSpec(id, unit);
    }

    static ScriptSpec Script(string id, string name, string[] args)
    {
        if (name.Contains(':'))
            throw Bad($"unknown resource class in \"{name}\"; use ocf:PROVIDER:TYPE, systemd:UNIT or a script NAME::arg1::arg2");
        if (name.Any(char.IsWhiteSpace))
            throw Bad($"script name \"{name}\" cannot contain spaces; haresources separates arguments with \"::\"");
        if (name.StartsWith('/'))
        {
            if (name.EndsWith('/') || name.Split('/').Skip(1).Any(p => p is "" or "." or ".."))
                throw Bad($"\"{name}\" is not a plain path to a script; write an absolute path such as /usr/local/lib/ha/myservice");
        }
        else if (name.Contains('/') || name is "." or "..")
            throw Bad($"\"{name}\": a script is a bare name looked up in /etc/tandem/resource.d, /etc/ha.d/resource.d and /etc/init.d, or an absolute path");
        if (Array.FindIndex(args, a => a.Length == 0) is >= 0 and var empty)
            throw Bad($"argument {empty + 1} of {name} is empty (\"::::\" or a trailing \"::\"); remove it");
        return new ScriptSpec(id, name, args);
    }

    /// <summary>A script name close to a built-in agent (IPadr, filesystem) is most likely a typo.</summary>
    public static string? SuggestBuiltIn(ScriptSpec script) =>
        script.IsPath ? null : Config.DidYouMean.Suggest(script.Name, BuiltIns) is { } s && s != script.Name ? s : null;

    static bool IsAgentName(string s) =>
        s.Length is > 0 and <= 128 && s[0] != '.' && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    static bool IsParameterName(string s) =>
        s.Length is > 0 and <= 128 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
