namespace Tandem.Config;

/// <summary>
/// Which node this process is: <c>--node NAME</c>, else <c>TANDEM_NODE</c>, else the host name (as
/// <c>uname -n</c> prints it), like Heartbeat. A fully qualified host name also matches its first label.
/// </summary>
public static class NodeIdentity
{
    const string HostnameFile = "/proc/sys/kernel/hostname";

    public static string Resolve(TandemConfig config, string? cliNode) =>
        Resolve(config, cliNode, Environment.GetEnvironmentVariable, HostName);

    internal static string Resolve(TandemConfig config, string? cliNode, Func<string, string?> environment, Func<string> hostName)
    {
        var (name, source) = !string.IsNullOrEmpty(cliNode)
            ? (cliNode, "--node")
            : environment(Defaults.NodeEnvironmentVariable) is { Length: > 0 } env
                ? (env, Defaults.NodeEnvironmentVariable)
                : (hostName(), "the host name");
        if (config.Nodes.ContainsKey(name))
            return name;
        if (source == "the host name" && name.Split('.')[0] is var shortName && config.Nodes.ContainsKey(shortName))
            return shortName;
        var known = string.Join(", ", config.Nodes.Keys);
        var hint = DidYouMean.Suggest(name, config.Nodes.Keys) is { } close ? $"did you mean \"{close}\"?"
            : source == "the host name" ? $"pass --node NAME or set {Defaults.NodeEnvironmentVariable}, or name the node after this host"
            : "use one of those names";
        throw new ConfigException(new ConfigError(config.SourcePath, 0, 0, null,
            $"\"{name}\" ({source}) is not a node of this config (nodes: {known}); {hint}"));
    }

    /// <summary>The kernel's node name (what uname -n prints).</summary>
    public static string HostName()
    {
        try
        {
            var name = File.ReadAllText(HostnameFile).Trim();
            if (name.Length > 0)
                return name;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Environment.MachineName;
    }
}
