export type { AesProvider, AesCtrStream } from '../core/aes';
