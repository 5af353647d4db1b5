/** The baseline the synth benchmark compares against: a cdktf app with one empty stack. */
import { App, TerraformStack } from "cdktf";

const app = new App();
new TerraformStack(app, "empty");
app.synth();
