-- CreateEnum
CREATE TYPE "budget_unit" AS ENUM ('usd', 'images');

-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "image_quality" TEXT,
ADD COLUMN     "image_size" TEXT,
ADD COLUMN     "unit" "budget_unit" NOT NULL DEFAULT 'usd';
