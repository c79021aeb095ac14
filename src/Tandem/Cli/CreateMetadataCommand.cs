using Tandem.Metadata;

namespace Tandem.Cli;

/// <summary><c>tandem volume create-md RES [--force]</c>: runs here, on the disk, without the daemon.</summary>
static class CreateMetadataCommand
{
    public static int Run(NodeContext node, string res, bool force)
    {
        var local = node.Volume(res).On.TryGetValue(node.Node, out var l) ? l
            : throw new CommandFailedException($"volume {res} has no [volumes.{res}.on.{node.Node}] section in {node.Config.SourcePath}");
        MetadataCreateResult result;
        try
        {
            result = MetadataStore.Create(new MetadataTarget(res, local.Disk, local.MetaDisk), force, node.Node);
        }
        catch (MetadataInUseException e) { throw new CommandFailedException($"{e.Message}; bring the volume down first: tandem volume down {res}"); }
        catch (MetadataRefusedException e) { throw new CommandFailedException(e.Message); }
        catch (IOException e) { throw new CommandFailedException($"cannot write metadata for {res}: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new CommandFailedException($"cannot write metadata for {res}: {e.Message}; run as root"); }
        foreach (var w in result.Warnings)
            Console.Error.WriteLine($"warning: {w}");
        var layout = result.Superblock.Layout;
        Console.WriteLine($"{res}: new metadata ({(local.MetaDisk == "internal" ? $"internal, at the end of {local.Disk}" : $"on {local.MetaDisk}")}); " +
                          $"data region {Units.Bytes(layout.DataSize)} at offset 0 of {local.Disk}; disk state Inconsistent until the first sync or 'tandem volume primary {res} --force'");
        return 0;
    }
}
