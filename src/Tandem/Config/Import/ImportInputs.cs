namespace Tandem.Config.Import;

/// <summary>Everything read from the files of one import, before it is combined.</summary>
public sealed class ImportInputs
{
    public List<HaCf> HaCfs { get; } = [];
    public List<AuthKeys> AuthKeys { get; } = [];
    public List<HaResourcesLine> HaResources { get; } = [];
    public DrbdConfig Drbd { get; } = new();
    public bool HasDrbd { get; set; }
    public List<HostsEntry> Hosts { get; } = [];

    /// <summary>The files read, for the header of the output.</summary>
    public List<string> Files { get; } = [];
}
