namespace Tandem.Config.Import;

/// <summary><c>resource NAME { ... }</c>, its <c>on HOST</c> and <c>floating ADDRESS</c> sections.</summary>
public sealed partial class DrbdReader
{
    void Resource(DrbdStatement s)
    {
        if (s.Args.Count != 1 || s.Block is null)
        {
            diag.Error(s.At, "expected resource NAME { ... }");
            return;
        }
        var name = s.Args[0].Text;
        if (!ImportNames.IsValid(name))
            diag.Error(s.At, $"resource name \"{name}\" cannot name a Tandem volume; {ImportNames.Rule}; rename the resource");
        if (config.Resources.FirstOrDefault(r => r.Name == name) is { } first)
        {
            diag.Error(s.At, $"resource {name} is already defined at {first.At}");
            return;
        }
        var options = config.Common;
        var defaults = new DrbdHost { Name = "", At = s.At };
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in s.Block)
        {
            switch (p.Keyword)
            {
                case "protocol" when p.Block is null:
                    options = options with { Protocol = Protocol(p) };
                    break;
                case "device" or "meta-disk" or "flexible-meta-disk" or "disk" when p.Block is null:
                    defaults = HostParameter(defaults, p);
                    break;
                case "volume":
                    defaults = Volume(defaults, p, volumes);
                    break;
                case "on" or "floating":
                    break;
                case "stacked-on-top-of":
                    diag.Error(p.At, "stacked resources (three-node setups) have no Tandem equivalent; Tandem replicates between two nodes");
                    break;
                case "connection" or "connection-mesh":
                    diag.Warn(p.At, $"{p.Keyword}: DRBD 9 connection sections are not imported; Tandem connects the two nodes of each volume directly");
                    break;
                default:
                    options = Section(p, options);
                    break;
            }
        }
        var hosts = new List<DrbdHost>();
        foreach (var p in s.Block.Where(p => p.Keyword is "on" or "floating"))
            if (Host(p, defaults, volumes) is { } host)
                hosts.Add(host);
        if (hosts.Count != 2)
            diag.Error(s.At, $"resource {name} has {hosts.Count} on/floating section{(hosts.Count == 1 ? "" : "s")}; a Tandem volume lives on exactly two nodes");
        foreach (var h in hosts)
        {
            if (h.Disk is null)
                diag.Error(h.At, $"{name} on {h.Name}: no disk; add disk /dev/... (here or at resource level)");
            if (h.Address is null)
                diag.Error(h.At, $"{name} on {h.Name}: no address; add address IP:PORT");
        }
        config.Resources.Add(new DrbdResource { Name = name, At = s.At, Options = options, Hosts = hosts });
    }

    DrbdHost? Host(DrbdStatement s, DrbdHost defaults, HashSet<string> volumes)
    {
        if (s.Block is null)
        {
            diag.Error(s.At, $"expected {s.Keyword} ... {{ ... }}");
            return null;
        }
        DrbdHost host;
        if (s.Keyword == "on")
        {
            if (s.Args.Count != 1)
            {
                diag.Error(s.At, s.Args.Count == 0 ? "on needs the host name (as uname -n prints it)" : $"on {s.ArgText}: one host per on section; Tandem names each node once");
                return null;
            }
            host = defaults with { Name = s.Args[0].Text, At = s.At };
        }
        else
        {
            var address = Address(s);
            if (address is null)
                return null;
            host = defaults with { Name = address.Value.Host, At = s.At, Floating = true, Address = new Sourced<string>(address.Value.Endpoint, s.At), AddressHost = address.Value.Host };
        }
        foreach (var p in s.Block)
        {
            switch (p.Keyword)
            {
                case "device" or "disk" or "meta-disk" or "flexible-meta-disk" when p.Block is null:
                    host = HostParameter(host, p);
                    break;
                case "address" when s.Keyword == "on":
                    if (Address(p) is { } a)
                        host = host with { Address = new Sourced<string>(a.Endpoint, p.At), AddressHost = a.Host };
                    break;
                case "volume":
                    host = Volume(host, p, volumes);
                    break;
                case "node-id":
                    diag.Warn(p.At, "node-id: not needed; Tandem knows the two nodes by name");
                    break;
                default:
                    diag.Warn(p.At, $"{p.Keyword} in {s.Keyword} {s.ArgText}: no Tandem equivalent; not imported");
                    break;
            }
        }
        return host;
    }

    /// <summary>A <c>volume N { device; disk; meta-disk; }</c> section: Tandem volumes have one disk, so one volume number per resource.</summary>
    DrbdHost Volume(DrbdHost host, DrbdStatement s, HashSet<string> volumes)
    {
        if (s.Args.Count != 1 || s.Block is null)
        {
            diag.Error(s.At, "expected volume N { device ...; disk ...; meta-disk ...; }");
            return host;
        }
        volumes.Add(s.Args[0].Text);
        if (volumes.Count > 1)
            diag.Error(s.At, $"a second volume ({string.Join(", ", volumes)}) in one resource; a Tandem volume has one disk: make one resource per volume");
        foreach (var p in s.Block)
        {
            if (p.Keyword is "device" or "disk" or "meta-disk" or "flexible-meta-disk" && p.Block is null)
                host = HostParameter(host, p);
            else
                diag.Warn(p.At, $"{p.Keyword} in volume {s.ArgText}: no Tandem equivalent; not imported");
        }
        return host;
    }
}
