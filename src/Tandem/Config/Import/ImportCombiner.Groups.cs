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
            case "drbddisk":
                return Drbddisk(parts, r, at, note);
            case "Filesystem" when parts.Length >= 3:
                return [new Noted<string>(Filesystem(parts, r, at), note)];
            case "MailTo":
                MailTo(parts, r, at);
                return [];
        }
        if (name == "mysql")
        {
            diag.Warn(at, $"{r}: imported as the init script /etc/init.d/mysql (in Tandem a bare mysql is the built-in MySQL agent); write mysql::/etc/my.cnf (the path of its my.cnf) to have Tandem start it and check it over the MySQL protocol");
            return [new Noted<string>("/etc/init.d/" + r, note)];
        }
        if (MysqlScripts.Contains(name))
            diag.Warn(at, $"{r}: kept as the init script /etc/init.d/{name}, which only starts and stops; write mysql::/etc/my.cnf (the path of its my.cnf) to have Tandem start it and check it over the MySQL protocol");
        return [new Noted<string>(r, note)];
    }

    /// <summary>MailTo::ADDRESS[,ADDRESS]::SUBJECT: Tandem's notifications mail on every failover, so the addresses go to [notify] email_to.</summary>
    void MailTo(string[] parts, string r, SourceLine at)
    {
        var addresses = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (addresses.Length == 0)
        {
            diag.Warn(at, $"{r}: no address to mail; not imported");
            return;
        }
        foreach (var a in addresses.Where(a => draft.EmailTo.All(e => e.Value != a)))
            draft.EmailTo.Add(new Noted<string>(a, $"{at}: {r}"));
        diag.Warn(at, $"{r}: moved to [notify] email_to; Tandem mails every failover, failed resource and recovery (through smtp, localhost:25 unless set){(parts.Length > 2 ? "; the subject is not carried" : "")}");
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
    static readonly string[] Plumbing = ["IPaddr", "IPaddr2", "volume", "Filesystem", "MailTo", "LVM", "Delay", "SendArp", "IPsrcaddr", "Raid1", "portblock", "AudibleAlarm"];

    /// <summary>A group is named after its service (the first resource that is not plumbing such as an address, volume or mount): mysql for mysqld.</summary>
    static string GroupName(List<Noted<string>> resources, HashSet<string> taken)
    {
        var service = resources.Select(r => r.Value.Split("::")[0]).FirstOrDefault(n => !Plumbing.Contains(n));
        var name = service is null ? "group" : MysqlScripts.Contains(Path.GetFileName(service)) ? "mysql" : Path.GetFileName(service);
        name = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).TrimStart('.', '-');
        if (name.Length == 0)
            name = "group";
        var unique = name;
        for (var i = 2; !taken.Add(unique); i++)
            unique = $"{name}-{i}";
        return unique;
    }
}
