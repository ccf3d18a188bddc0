/**
 * `bottleneck/light.js`, the build of Bottleneck without its Redis clustering that
 * `@octokit/plugin-throttling` uses: the same API as the full build, whose types it ships.
 */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
