using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Resources;

/// <summary>
/// Network namespaces made for one test: a bridge in a namespace of its own and one namespace per node, each with
/// an eth0 on the bridge and an address in 10.250.0.0/24 (which exists only inside these namespaces). Everything
/// is deleted on dispose, also after a failure.
/// </summary>
sealed class NetnsLab : IDisposable
{
    public const string Subnet = "10.250.0";

    readonly string _prefix = $"tdmres{Environment.ProcessId % 100000}x{Random.Shared.Next(1000)}";
    readonly List<string> _namespaces = [];

    public NetnsLab(params string[] nodes)
    {
        try
        {
            Bridge = Add("br");
            Proc.Ok("ip", "-n", Bridge, "link", "add", "br0", "type", "bridge");
            Proc.Ok("ip", "-n", Bridge, "link", "set", "br0", "up");
            for (var i = 0; i < nodes.Length; i++)
            {
                var ns = Add(nodes[i]);
                Nodes[nodes[i]] = ns;
                var port = $"p{i}";
                Proc.Ok("ip", "-n", Bridge, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
                Proc.Ok("ip", "-n", Bridge, "link", "set", port, "master", "br0", "up");
                Proc.Ok("ip", "-n", ns, "link", "set", "lo", "up");
                Proc.Ok("ip", "-n", ns, "link", "set", "eth0", "up");
                Proc.Ok("ip", "-n", ns, "addr", "add", $"{Subnet}.{i + 1}/24", "dev", "eth0");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Bridge { get; }

    /// <summary>Node name to namespace name.</summary>
    public Dictionary<string, string> Nodes { get; } = [];

    /// <summary>The command prefix that runs a program inside a node's namespace.</summary>
    public IReadOnlyList<string> Prefix(string node) => ["ip", "netns", "exec", Nodes[node]];

    public string Mac(string node) =>
        Proc.Ok("ip", "-n", Nodes[node], "-o", "link", "show", "dev", "eth0").Out.Split(' ').SkipWhile(w => w != "link/ether").Skip(1).First();

    /// <summary>The MAC a node's neighbour table has for <paramref name="ip"/>, or null.</summary>
    public string? NeighbourMac(string node, string ip)
    {
        var words = Proc.Ok("ip", "-n", Nodes[node], "neigh", "show", ip).Out.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(words, "lladdr");
        return at >= 0 && at + 1 < words.Length ? words[at + 1] : null;
    }

    public bool Ping(string from, string ip) =>
        Proc.Run("ip", ["netns", "exec", Nodes[from], "ping", "-c", "1", "-W", "2", ip]).Exit == 0;

    string Add(string name)
    {
        var ns = $"{_prefix}{name}";
        Proc.Ok("ip", "netns", "add", ns);
        _namespaces.Add(ns);
        return ns;
    }

    public void Dispose()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
            Proc.Run("ip", ["netns", "del", ns]);
        _namespaces.Clear();
    }
}
