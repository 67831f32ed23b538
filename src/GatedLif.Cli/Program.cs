using GatedLif.Cli.Commands;

return GatedLifApp.Run(args);
