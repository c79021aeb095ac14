namespace Tandem.Config.Import;

/// <summary>
/// [nodes.NAME] heartbeat endpoints from ha.cf ucast lines. A ucast line names the address of the node at the other
/// end of a link (Heartbeat skips lines naming itself), so each address is given to the node that owns it: by the
/// node's name, /etc/hosts, or a DRBD address with the same IP. Lines through the same interface form one link;
/// a link needs an address for both nodes, and each node lists its addresses in link order.
/// </summary>
public sealed partial class ImportCombiner
{
    /// <summary>One node's end of a link: "host:port", the note printed with it, and the line it came from.</summary>
    sealed record End(string Endpoint, string Note, SourceLine At)
    {
        public string Host => Endpoint[..Endpoint.LastIndexOf(':')].Trim('[', ']');
        public int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    sealed class Link(string name)
    {
        public string Name { get; } = name;
        public OrderedDictionary<string, End> Ends { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<UcastLine> Unknown { get; } = [];
    }

    void Heartbeat()
    {
        var media = inputs.HaCfs.SelectMany(c => c.Media).ToList();
        var fallbackPort = inputs.HaCfs.Count > 0 ? inputs.HaCfs[0].UdpPort : HaCfReader.DefaultUdpPort;
        var why = "no ucast lines";
        if (inputs.HaCfs.Any(c => c.Ucast.Count > 0))
            foreach (var m in media)
                diag.Warn(m.At, $"{m.Kind} {m.Interface}: Tandem uses one heartbeat mode for every link, here unicast (the ucast lines); not imported");
        else if (media.Count > 0)
            (fallbackPort, why) = BroadcastMode(media);
        if (draft.Nodes.Count != 2)
            return;
        var links = Links();
        foreach (var link in links.Where(l => l.Ends.Count == 1 && l.Unknown.Count == 1))
        {
            var u = link.Unknown[0];
            link.Ends.Add(Other(link.Ends.GetAt(0).Key), new End(Endpoint(u.Address, u.Port), $"{u.At}: ucast {u.Interface} {u.Address}, the other end of this link", u.At));
            link.Unknown.Clear();
        }
        PairHalfLinks(links);
        foreach (var link in links.Where(l => l.Ends.Count == 1))
            InferFromReplication(link);
        foreach (var link in links)
        {
            if (link.Unknown.Count > 0)
                diag.Warn(link.Unknown[0].At, $"cannot tell which node has {string.Join(" and ", link.Unknown.Select(u => u.Address))} on {link.Name}; give /etc/hosts (or the DRBD config) to the import too; link not imported");
            else if (link.Ends.Count == 1)
                diag.Warn(link.Ends.GetAt(0).Value.At, $"link {link.Name}: only {link.Ends.GetAt(0).Key}'s address is known; import the other node's ha.cf too, or add its address on this link to nodes.{Other(link.Ends.GetAt(0).Key)}.heartbeat; link not imported");
        }
        foreach (var link in links.Where(l => l.Ends.Count == 2))
            foreach (var (node, end) in link.Ends)
                draft.Nodes[node].Heartbeat.Add(new Noted<string>(end.Endpoint, end.Note));
        if (draft.Nodes.Values.All(n => n.Heartbeat.Count == 0))
            Fallback(fallbackPort, why);
    }

    /// <summary>bcast or mcast lines and no ucast: heartbeat_mode broadcast or multicast on the first such link.</summary>
    (int Port, string Why) BroadcastMode(List<MediaLine> media)
    {
        var first = media[0];
        var multicast = first.Group is not null;
        draft.HeartbeatMode = new Noted<string>(multicast ? "multicast" : "broadcast", $"{first.At}: {first.Kind} {first.Interface}");
        if (multicast)
        {
            draft.MulticastGroup = new Noted<string>(first.Group!, first.At.ToString());
            if (first.Ttl != 1)
                diag.Warn(first.At, $"mcast TTL {first.Ttl}: Tandem sends multicast heartbeats with TTL 1 (the two nodes share the link)");
        }
        foreach (var m in media.Skip(1))
            diag.Warn(m.At, m.Kind != first.Kind || m.Group != first.Group
                ? $"{m.Kind} {m.Interface}: Tandem uses one heartbeat mode for every link, here {draft.HeartbeatMode.Value} as at {first.At}; not imported"
                : $"{m.Kind} {m.Interface}: a second link needs each node's own address on it; add them to the nodes' heartbeat lists by hand");
        return (first.Port, $"{first.Kind} {first.Interface}: Tandem still needs each node's own address on the link, and ha.cf has none");
    }

    List<Link> Links()
    {
        var links = new List<Link>();
        var seen = new HashSet<(string, string)>();
        foreach (var u in inputs.HaCfs.SelectMany(c => c.Ucast))
        {
            if (!seen.Add((u.Interface, u.Address)))
                continue;
            var link = links.FirstOrDefault(l => l.Name == u.Interface);
            if (link is null)
                links.Add(link = new Link(u.Interface));
            var owner = OwnerOf(u.Address);
            if (owner is null)
                link.Unknown.Add(u);
            else if (link.Ends.TryGetValue(owner, out var first))
                diag.Warn(u.At, $"{owner} already has {first.Endpoint} on {u.Interface}; a second address on one link is not imported");
            else
                link.Ends.Add(owner, new End(Endpoint(u.Address, u.Port), $"{u.At}: ucast {u.Interface} {u.Address}", u.At));
        }
        return links;
    }

    /// <summary>One node's ha.cf says "ucast eth1 B", the other's "ucast ens4 A": the same link seen from both ends.</summary>
    void PairHalfLinks(List<Link> links)
    {
        var halves = links.Where(l => l.Ends.Count == 1 && l.Unknown.Count == 0).ToList();
        var first = draft.Nodes.GetAt(0).Key;
        var a = halves.Where(l => l.Ends.ContainsKey(first)).ToList();
        var b = halves.Where(l => !l.Ends.ContainsKey(first)).ToList();
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var (node, end) = b[i].Ends.GetAt(0);
            a[i].Ends.Add(node, end);
            links.Remove(b[i]);
        }
    }

    /// <summary>A link where one node's address is its replication address: the other node's is then its replication address too.</summary>
    void InferFromReplication(Link link)
    {
        var (known, end) = link.Ends.GetAt(0);
        foreach (var r in inputs.Drbd.Resources)
        {
            var mine = r.Hosts.FirstOrDefault(h => hostNodes.GetValueOrDefault(h) == known && h.AddressHost == end.Host);
            var theirs = r.Hosts.FirstOrDefault(h => h != mine && hostNodes.GetValueOrDefault(h) is { Length: > 0 });
            if (mine is null || theirs?.AddressHost is null)
                continue;
            var other = hostNodes[theirs];
            link.Ends.Add(other, new End(Endpoint(theirs.AddressHost, end.Port), $"inferred: {known}'s address on {link.Name} is its address in resource {r.Name}, so {other}'s is too", theirs.Address!.At));
            diag.Warn(end.At, $"the ha.cf files give no address for {other} on {link.Name}; using {theirs.AddressHost}, its address in resource {r.Name} ({theirs.Address!.At}), since {known} uses the same network; check it");
            return;
        }
    }

    /// <summary>No usable ucast line: one link over the addresses in /etc/hosts, else the first volume's replication addresses.</summary>
    void Fallback(int port, string why)
    {
        var fromHosts = draft.Nodes.Keys.Select(n => inputs.Hosts.FirstOrDefault(e => e.Names.Any(x => x.Equals(n, StringComparison.OrdinalIgnoreCase)))).ToList();
        if (fromHosts.All(e => e is not null))
        {
            foreach (var (node, e) in draft.Nodes.Values.Zip(fromHosts))
                node.Heartbeat.Add(new Noted<string>(Endpoint(e!.Address, port), $"{e.At}: its address in /etc/hosts"));
            diag.Warn(fromHosts[0]!.At, $"{why}; the heartbeat uses the nodes' addresses from /etc/hosts; check them, and add a second link if there is one");
            return;
        }
        var volume = draft.Volumes.FirstOrDefault(v => v.On.Count == 2);
        if (volume is null)
            return;
        foreach (var on in volume.On)
        {
            var host = on.Address.Value[..on.Address.Value.LastIndexOf(':')].Trim('[', ']');
            draft.Nodes[on.Node].Heartbeat.Add(new Noted<string>(Endpoint(host, port), $"{on.Node}'s address in resource {volume.Name}"));
        }
        diag.Warn(volume.At, $"{why}; the heartbeat uses the replication addresses of resource {volume.Name}; check them, and add a second, separate link if there is one");
    }

    string Other(string node) => draft.Nodes.Keys.First(n => !n.Equals(node, StringComparison.OrdinalIgnoreCase));

    static string Endpoint(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
