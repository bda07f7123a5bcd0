export { nodeAes } from '../engine/node-aes';
