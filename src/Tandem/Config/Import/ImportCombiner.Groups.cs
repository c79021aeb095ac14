using System.Net;

namespace Tandem.Config.Import;

/// <summary>
/// [[groups]] from haresources lines: the first word is the preferred node, the rest the resources in start order.
/// drbddisk becomes volume::RES, Filesystem on a DRBD device mounts /dev/tandem/RES instead, a bare IP becomes
/// IPaddr::IP; other resource.d and init scripts are kept as they are.
/// </summary>
public sealed partial class ImportCombiner
{
    static readonly string[] MysqlScripts = ["mysqld", "mysql", "mariadb", "mariadbd"];

    void Groups()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in inputs.HaResources)
        {
            if (!draft.Nodes.TryGetValue(line.Node, out var node))
                continue;
            var resources = new List<Noted<string>>();
            foreach (var r in line.Resources)
                resources.AddRange(Resource(r, line.At));
            var group = new DraftGroup { Name = GroupName(resources, names), Preferred = new Noted<string>(node.Name, line.At.ToString()) };
            group.Resources.AddRange(resources);
            draft.Groups.Add(group);
        }
    }

    IEnumerable<Noted<string>> Resource(string r, SourceLine at)
    {
        var parts = r.Split("::");
        var name = parts[0];
        var note = $"{at}: {r}";
        if (parts.Length == 1 && IPAddress.TryParse(name.Split('/')[0], out _))
            return [new Noted<string>($"IPaddr::{r}", note)];
        switch (name)
        {
            case "IPaddr2":
                diag.Warn(at, $"{r}: imported as IPaddr::{string.Join("::", parts[1..])} (Tandem's built-in address agent; the arguments are the same)");
                return [new Noted<string>("IPaddr::" + string.Join("::", parts[1..]), note)];
            case "drbddisk":
                return Drbddisk(parts, r, at, note);
            case "Filesystem" when parts.Length >= 3:
                return [new Noted<string>(Filesystem(parts, r, at), note)];
            case "MailTo":
                diag.Warn(at, $"{r}: kept as a resource.d script; Tandem's own email and webhook notifications report every failover without it");
                return [new Noted<string>(r, note)];
        }
        if (MysqlScripts.Contains(name))
            diag.Warn(at, $"{r}: kept as the init script /etc/init.d/{name}, which only starts and stops; write mysql::/etc/my.cnf (the path of its my.cnf) to have Tandem start it and check it over the MySQL protocol");
        return [new Noted<string>(r, note)];
    }

    IEnumerable<Noted<string>> Drbddisk(string[] parts, string r, SourceLine at, string note)
    {
        if (parts.Length >= 2 && parts[1] != "all")
        {
            if (inputs.HasDrbd && draft.Volumes.All(v => v.Name != parts[1]))
                diag.Error(at, $"{r}: no resource {parts[1]} in the DRBD config (resources: {string.Join(", ", draft.Volumes.Select(v => v.Name))})");
            return [new Noted<string>($"volume::{parts[1]}", note)];
        }
        if (draft.Volumes.Count == 0)
        {
            diag.Warn(at, $"{r} means every DRBD resource, but no DRBD config was given; not imported: give drbd.conf to the import too, or add volume::NAME by hand");
            return [];
        }
        return draft.Volumes.Select(v => new Noted<string>($"volume::{v.Name}", $"{note} (every resource)"));
    }

    string Filesystem(string[] parts, string r, SourceLine at)
    {
        var device = parts[1];
        if (devices.TryGetValue(device, out var volume))
        {
            parts[1] = $"/dev/tandem/{volume}";
            return string.Join("::", parts);
        }
        if (device.StartsWith("/dev/drbd", StringComparison.Ordinal))
            diag.Warn(at, $"{r}: {device} is no device of the DRBD config given; kept as it is: write /dev/tandem/NAME for the volume it is");
        return r;
    }

    /// <summary>Resources that serve a service rather than being it; a group is not named after them.</summary>
    static readonly string[] Plumbing = ["IPaddr", "volume", "Filesystem", "MailTo", "LVM", "Delay", "SendArp", "IPsrcaddr", "Raid1", "portblock", "AudibleAlarm"];

    /// <summary>A group is named after its service (the first resource that is not plumbing such as an address, volume or mount): mysql for mysqld.</summary>
    static string GroupName(List<Noted<string>> resources, HashSet<string> taken)
    {
        var service = resources.Select(r => r.Value.Split("::")[0]).FirstOrDefault(n => !Plumbing.Contains(n));
        var name = service is null ? "group" : MysqlScripts.Contains(service) ? "mysql" : Path.GetFileName(service);
        name = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).TrimStart('.', '-');
        if (name.Length == 0)
            name = "group";
        var unique = name;
        for (var i = 2; !taken.Add(unique); i++)
            unique = $"{name}-{i}";
        return unique;
    }
}
